"""What a person runs against deployed stacks: `python -m dcr_components verify|try|fleet …` (`make verify`,
`make try`, CI's fleet jobs). `verify` checks a deployed environment end to end, `try` acts out a developer
registering an app through the Dev Portal (and `try --clean-up` removes what an interrupted one left), `fleet` runs
preview, up, drift or verify over many stacks at once. These modules import the library (`dcr_components`), never
the reverse; a Pulumi program needs none of them. Nothing is re-exported here: import from the module that defines it.
"""

"""Local emulators of the Konnect API and the Auth0 Management API ("the sandbox")."""

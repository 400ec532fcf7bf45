//go:build tools

// Package tools pins the Pulumi CLI module so `go build` can produce it from this wrapper.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"

"""Sub-commands of the `kiosk` command line, one module per group."""

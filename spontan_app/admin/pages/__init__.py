"""One module per back-office route."""

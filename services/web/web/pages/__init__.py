"""One Flask blueprint per area of the menu; a handler reads the form, calls one API,
renders. No business rule lives here: the pages show what the services decide."""

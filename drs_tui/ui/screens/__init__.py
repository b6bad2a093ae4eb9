"""One screen per module, named in the user's words."""

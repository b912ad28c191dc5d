"""The portal's web front end: server-rendered pages for every role (a backend-for-frontend).

It owns no domain data: it calls the services' JSON APIs with the person's token, kept on
the server, and renders what they answer. ``web.app.create_app`` wires it.
"""

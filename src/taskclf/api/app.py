"""The FastAPI app factory (SKELETON — the API issue grows it).

Contract for routers: ``request.app.state.settings`` (Settings), ``.label_store``
(LabelStore), ``.bus`` (EventBus with thread-safe ``publish(event: dict)``), ``.tray``.
Domain errors are translated to HTTP once, here.
"""

"""pytest plugin: bridge_sandbox fixture."""

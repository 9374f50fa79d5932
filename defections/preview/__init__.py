"""The live preview: build, serve on this machine, rebuild on every save and reload the open pages."""

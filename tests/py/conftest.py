# The fixtures (kernel, kernel_factory) ship with the module: symemu/pytest_plugin.py.
pytest_plugins = ["symemu.pytest_plugin"]

"""symemu: an emulated IP-Symcon kernel for scenarios and tests.

    import symemu
    with symemu.Kernel(seed=1) as k:
        cat = k.create_category("Home")
        var = k.create_variable("Float", "Temperature", parent_id=cat, profile="~Temperature")
        k.set_value(var, 21.5)
        assert k.get_value_formatted(var) == "21.5 °C"

See the stubs (__init__.pyi) for the whole API; pytest fixtures live in symemu.pytest_plugin.
"""
import os as _os

from ._symemu import Kernel, KernelError

__all__ = [
    "Kernel", "KernelError", "serve", "TEST_LIBRARY", "TEST_SPLITTER_ID", "TEST_DEVICE_ID",
    "BOOLEAN", "INTEGER", "FLOAT", "STRING",
    "STATUS_CREATING", "STATUS_ACTIVE", "STATUS_DELETING", "STATUS_INACTIVE", "STATUS_NOT_CREATED",
    "KL_MESSAGE", "KL_SUCCESS", "KL_NOTIFY", "KL_WARNING", "KL_ERROR", "KL_DEBUG", "KL_CUSTOM",
]

#: Variable types (IPS_CreateVariable); the names "Boolean", "Integer", "Float", "String" work too.
BOOLEAN, INTEGER, FLOAT, STRING = 0, 1, 2, 3

#: Instance status codes (symcon-kernel.md §2.2).
STATUS_CREATING, STATUS_ACTIVE, STATUS_DELETING, STATUS_INACTIVE = 101, 102, 103, 104
STATUS_NOT_CREATED = 201

#: Log message types (the Type field of Kernel.log() entries).
KL_MESSAGE, KL_SUCCESS, KL_NOTIFY, KL_WARNING, KL_ERROR, KL_DEBUG, KL_CUSTOM = range(10201, 10208)

#: A library with a tiny splitter/device pair for examples and tests of the harness:
#: Kernel(libraries=[symemu.TEST_LIBRARY]).
TEST_LIBRARY = _os.path.join(_os.path.dirname(__file__), "testlib")
TEST_SPLITTER_ID = "{7E57A11B-0001-4000-8000-000000000001}"
TEST_DEVICE_ID = "{7E57A11B-0002-4000-8000-000000000002}"


def serve(*args, **kwargs):
    """Extension point (available once the MQTT Server / WebHook Control modules land).

    Will be a context manager that runs a kernel with real listeners on 127.0.0.1 and ephemeral
    ports and yields a handle with the kernel and the listener addresses.
    """
    raise NotImplementedError(
        "symemu.serve() is available once the MQTT Server and WebHook Control modules land in symemu")

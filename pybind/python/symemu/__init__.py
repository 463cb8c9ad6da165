"""symemu: an emulated IP-Symcon kernel for scenarios and tests.

    import symemu
    with symemu.Kernel(seed=1) as k:
        cat = k.create_category("Home")
        var = k.create_variable("Float", "Temperature", parent_id=cat, profile="~Temperature")
        k.set_value(var, 21.5)
        assert k.get_value_formatted(var) == "21.5 °C"

Traffic goes in through the same code paths the sockets use: kernel.mqtt_publish(topic, payload)
and kernel.http_request(method, path, ...). symemu.serve() runs a kernel with real listeners on
free loopback ports for tests that use real clients (paho-mqtt, urllib, ...).

See the stubs (__init__.pyi) for the whole API; pytest fixtures live in symemu.pytest_plugin,
SE-LOG report builders in symemu.selog.
"""
import os as _os

from ._symemu import HttpResponse, Kernel, KernelError, set_php_limits
from ._serve import Served, serve
from .client import ApiError, Client, MessageStream
from . import selog
from . import smartmetering  # adds Kernel.configurator_rows() and Kernel.create_all()

__all__ = [
    "Kernel", "KernelError", "HttpResponse", "serve", "Served", "Client", "ApiError", "MessageStream", "set_php_limits", "TEST_LIBRARY", "TEST_SPLITTER_ID", "TEST_DEVICE_ID",
    "BOOLEAN", "INTEGER", "FLOAT", "STRING",
    "STATUS_CREATING", "STATUS_ACTIVE", "STATUS_DELETING", "STATUS_INACTIVE", "STATUS_NOT_CREATED",
    "KL_MESSAGE", "KL_SUCCESS", "KL_NOTIFY", "KL_WARNING", "KL_ERROR", "KL_DEBUG", "KL_CUSTOM",
    "IM_CHANGESTATUS", "IM_CHANGESETTINGS", "VM_CREATE", "VM_DELETE", "VM_UPDATE",
]

#: Variable types (IPS_CreateVariable); the names "Boolean", "Integer", "Float", "String" work too.
BOOLEAN, INTEGER, FLOAT, STRING = 0, 1, 2, 3

#: Instance status codes (docs/symcon-kernel.md §2.2).
STATUS_CREATING, STATUS_ACTIVE, STATUS_DELETING, STATUS_INACTIVE = 101, 102, 103, 104
STATUS_NOT_CREATED = 201

#: Log message types (the Type field of Kernel.log() entries).
KL_MESSAGE, KL_SUCCESS, KL_NOTIFY, KL_WARNING, KL_ERROR, KL_DEBUG, KL_CUSTOM = range(10201, 10208)

#: A library with a tiny splitter/device pair for examples and tests of the harness:
#: Kernel(libraries=[symemu.TEST_LIBRARY]).
TEST_LIBRARY = _os.path.join(_os.path.dirname(__file__), "testlib")
TEST_SPLITTER_ID = "{7E57A11B-0001-4000-8000-000000000001}"
TEST_DEVICE_ID = "{7E57A11B-0002-4000-8000-000000000002}"


#: Message codes seen in Kernel.messages() most often (docs/symcon-kernel.md section 5).
IM_CHANGESTATUS, IM_CHANGESETTINGS = 10505, 10506
VM_CREATE, VM_DELETE, VM_UPDATE = 10601, 10602, 10603

"""Conveniences for the Smart Metering library, added to symemu.Kernel as methods.

They call the library's exported functions (SM_GetRows, SM_CreateAll) like any script would, so
they work with whichever edition of the library is loaded; the C++ binding itself names no
library.
"""
import json as _json

from ._symemu import Kernel as _Kernel


def configurator_rows(kernel, configurator_id):
    """The SmartMeterConfigurator's list rows (SM_GetRows), one dict per seen meter.

    Each row has the form columns (MeterId, Interface, Manufacturer, Type, Instance, InstanceID,
    New) and `create` ({moduleID, configuration, location, name}); InstanceID is 0 until the
    meter's instance exists. Raises KernelError when the ID is not a configurator."""
    return _json.loads(kernel.call("SM_GetRows", configurator_id))


def create_all(kernel, configurator_id):
    """SM_CreateAll on a SmartMeterConfigurator: creates an instance for every row that has none.

    Returns how many were created (0 when every row already has its instance). Raises
    KernelError when the ID is not a configurator."""
    return kernel.call("SM_CreateAll", configurator_id)


_Kernel.configurator_rows = configurator_rows
_Kernel.create_all = create_all

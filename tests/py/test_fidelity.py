"""Issue 16 from Python: the gateway switch (point 6) and the kernel identity (point 5).

Switching a configurator from SmartLog to SmartLogHTTPS leaves the SmartLog RequireParent made
without any child; like Symcon's console, which offers to delete such a parent, change_parent
names it (kept) or deletes it (delete_orphaned_parent=True)."""
import symemu

CONFIGURATOR = "{BD958F0D-F463-4101-939D-09A85B058652}"
SMARTLOG_HTTPS = "{4ED14F63-E3EE-4473-B679-B61ABAA73137}"


def switch(kernel, delete):
    configurator = kernel.create_instance(CONFIGURATOR)
    smartlog = kernel.get_instance(configurator)["ConnectionID"]
    server = kernel.get_instance(smartlog)["ConnectionID"]
    https = kernel.create_instance(SMARTLOG_HTTPS)
    orphan = kernel.change_parent(configurator, https, delete_orphaned_parent=delete)
    return configurator, smartlog, server, https, orphan


def test_the_orphaned_smartlog_is_named_and_kept_by_default(kernel):
    configurator, smartlog, _, https, orphan = switch(kernel, False)
    assert orphan == smartlog
    assert kernel.instance_exists(smartlog)
    assert kernel.get_instance(configurator)["ConnectionID"] == https


def test_the_orphaned_smartlog_is_deleted_on_request_and_the_mqtt_server_stays(kernel):
    configurator, smartlog, server, https, orphan = switch(kernel, True)
    assert orphan == smartlog
    assert not kernel.instance_exists(smartlog)
    assert kernel.instance_exists(server)
    assert kernel.get_instance(configurator)["ConnectionID"] == https
    assert kernel.change_parent(configurator, https) == 0  # unchanged: nothing orphaned


def test_kernel_identity_and_translate(kernel):
    assert kernel.kernel_version == "8.1"
    assert kernel.kernel_date > 1670886000
    assert kernel.system_language == "en_US"
    configurator = kernel.create_instance(CONFIGURATOR)
    assert kernel.translate(configurator, "No such text") == "No such text"

"""The JSON-RPC API returns exactly what the in-process binding returns for the same records
(both convert kernel records in emulator/api/record_values.cpp), here on symemu.serve()."""
import symemu


def test_api_records_equal_the_binding_records():
    with symemu.serve(mqtt_port=None, https_port=None, auto_create=False) as served:
        k = served.kernel
        client = symemu.Client(served.http_url + "/api/")
        cat = client.IPS_CreateCategory()
        client.IPS_SetName(cat, "Rooms")
        var = client.IPS_CreateVariable(2)
        client.IPS_SetParent(var, cat)
        client.IPS_SetVariableCustomProfile(var, "~Temperature")
        client.SetValueFloat(var, 21.5)
        webhook = served.instances["webhook_control"]
        assert client.IPS_GetObject(cat) == k.get_object(cat)
        assert list(client.IPS_GetObject(cat)) == list(k.get_object(cat))
        assert client.IPS_GetVariable(var) == k.get_variable(var)
        assert client.IPS_GetInstance(webhook) == k.get_instance(webhook)
        assert client.IPS_GetVariableProfile("~Temperature") == k.get_variable_profile("~Temperature")
        module = k.get_instance(webhook)["ModuleInfo"]["ModuleID"]
        assert client.IPS_GetModule(module) == k.get_module(module)
        assert client.GetValue(var) == k.get_value(var) == 21.5
        assert client.GetValueFormatted(var) == k.get_value_formatted(var)
        # a call through the API is visible in process at once (it returned after its commit)
        assert k.get_name(cat) == "Rooms"

"""WebHook Control's Hooks property: a bad list is refused with a clear log line and the
instance recovers once the list is valid again."""
import json

WEBHOOK_CONTROL = "{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}"


def test_bad_hooks_list_sets_an_error_status_and_names_the_problem(kernel):
    wc = kernel.create_instance(WEBHOOK_CONTROL)
    assert kernel.get_instance_status(wc) == 102
    for bad, problem in (("not json", "not a JSON list"),
                         ('[{"Hook": "/hook/a"}]', 'needs "Hook" and "TargetID"'),
                         ('[{"Hook": "/other", "TargetID": 1}]', "does not start with /hook/"),
                         ('[{"Hook": "/hook/a", "TargetID": "x"}]', '"TargetID" a number')):
        kernel.set_property(wc, "Hooks", bad)
        kernel.apply_changes(wc)
        assert kernel.get_instance_status(wc) == 201, bad
        assert problem in kernel.log()[-1]["Message"], kernel.log()[-1]
    kernel.set_property(wc, "Hooks", json.dumps([{"Hook": "/hook/a", "TargetID": 12345}]))
    kernel.apply_changes(wc)
    assert kernel.get_instance_status(wc) == 102
    response = kernel.http_request("POST", "/hook/a", body=b"x")
    assert response.status == 404  # the target instance does not exist
    assert "#12345" in response.text
    assert kernel.http_request("GET", "/hook/nothing").status == 404

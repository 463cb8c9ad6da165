"""Building a small object tree and finding things in it again."""
import symemu


def test_build_and_look_up_a_tree(kernel):
    home = kernel.create_category("Home", ident="home")
    kitchen = kernel.create_category("Kitchen", parent_id=home, ident="kitchen")
    temp = kernel.create_variable(symemu.FLOAT, "Temperature", parent_id=kitchen, ident="temp")

    assert kernel.get_object_id_by_ident("home") == home
    assert kernel.get_object_id_by_ident("kitchen", home) == kitchen
    assert kernel.get_object_id_by_name("Temperature", kitchen) == temp
    assert kernel.get_object_id_by_path("Home/Kitchen/Temperature") == temp
    assert kernel.get_path(temp) == "Home/Kitchen/Temperature"
    assert kernel.get_location(temp) == "Home\\Kitchen\\Temperature"
    assert kernel.get_children_ids(home) == [kitchen]
    assert kernel.is_child(temp, home, recursive=True)
    assert not kernel.is_child(temp, home)
    assert kernel.get_parent(temp) == kitchen
    assert kernel.get_name(kitchen) == "Kitchen"
    assert set(kernel.get_object_list()) == {home, kitchen, temp}


def test_lookups_that_find_nothing_return_none(kernel):
    home = kernel.create_category("Home")
    assert kernel.get_object_id_by_ident("nope", home) is None
    assert kernel.get_object_id_by_name("nope") is None
    assert kernel.get_object_id_by_path("Home/nope") is None
    assert not kernel.object_exists(12345)


def test_get_object_uses_symcon_field_names(kernel):
    home = kernel.create_category("Home", ident="home")
    child = kernel.create_category("Child", parent_id=home)
    kernel.set_info(home, "info")
    kernel.set_icon(home, "Flower")
    kernel.set_position(home, 7)
    kernel.set_hidden(home, True)
    kernel.set_disabled(home, True)
    o = kernel.get_object(home)
    assert o == {
        "ObjectID": home, "ObjectType": 0, "ObjectName": "Home", "ObjectIdent": "home",
        "ObjectInfo": "info", "ObjectIcon": "Flower", "ObjectSummary": "", "ObjectPosition": 7,
        "ObjectIsHidden": True, "ObjectIsDisabled": True, "ObjectIsLocked": False,
        "ObjectIsReadOnly": False, "ParentID": 0, "ChildrenIDs": [child], "HasChildren": True,
    }


def test_rename_move_and_delete(kernel):
    a = kernel.create_category("A")
    b = kernel.create_category("B")
    kernel.set_parent(b, a)
    kernel.set_name(b, "Bee")
    assert kernel.get_object_id_by_path("A/Bee") == b
    kernel.delete_category(b)
    assert not kernel.object_exists(b)
    assert kernel.get_children_ids(a) == []


def test_ensure_category_path_creates_only_what_is_missing(kernel):
    leaf = kernel.ensure_category_path("House/Floor 1/Room")
    assert kernel.get_path(leaf) == "House/Floor 1/Room"
    assert kernel.ensure_category_path(["House", "Floor 1", "Room"]) == leaf
    assert len(kernel.get_object_list()) == 3


def test_names_with_slashes_are_escaped_in_paths(kernel):
    cat = kernel.create_category("In/Out")
    assert kernel.get_path(cat) == "In\\/Out"
    assert kernel.get_object_id_by_path("In\\/Out") == cat
    assert "In\\/Out" in kernel.snapshot()


def test_tree_text_shows_formatted_values(kernel):
    home = kernel.create_category("Home")
    temp = kernel.create_variable("Float", "Temperature", parent_id=home, profile="~Temperature")
    kernel.set_value(temp, 21.5)
    text = kernel.tree()
    assert "Home" in text and "Temperature = 21.5 °C" in text

"""Type stubs for symemu: an emulated IP-Symcon kernel for scenarios and tests.

Record dicts use Symcon's field names (IPS_GetObject, IPS_GetVariable, IPS_GetInstance,
IPS_GetVariableProfile, IPS_GetModule). Kernel errors raise KernelError with the kernel's message.
"""
import os
from typing import Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, Union

from . import selog as selog

Value = Union[bool, int, float, str]
VariableTypeArg = Union[int, Literal["Boolean", "Integer", "Float", "String"]]
PathLike = Union[str, os.PathLike]

BOOLEAN: int
INTEGER: int
FLOAT: int
STRING: int
STATUS_CREATING: int
STATUS_ACTIVE: int
STATUS_DELETING: int
STATUS_INACTIVE: int
STATUS_NOT_CREATED: int
KL_MESSAGE: int
KL_SUCCESS: int
KL_NOTIFY: int
KL_WARNING: int
KL_ERROR: int
KL_DEBUG: int
KL_CUSTOM: int
IM_CHANGESTATUS: int
IM_CHANGESETTINGS: int
VM_CREATE: int
VM_DELETE: int
VM_UPDATE: int

#: Folder of the test library (a "Python Test Splitter" and "Python Test Device"):
#: Kernel(libraries=[TEST_LIBRARY]).
TEST_LIBRARY: str
TEST_SPLITTER_ID: str
TEST_DEVICE_ID: str


class KernelError(RuntimeError):
    """An error reported by the kernel; str(e) is the kernel's message (Symcon's wording where known)."""


class ObjectRecord(TypedDict):
    ObjectID: int
    ObjectType: int  # 0 category, 1 instance, 2 variable, 3 script, 4 event, 5 media, 6 link
    ObjectName: str
    ObjectIdent: str
    ObjectInfo: str
    ObjectIcon: str
    ObjectSummary: str
    ObjectPosition: int
    ObjectIsHidden: bool
    ObjectIsDisabled: bool
    ObjectIsLocked: bool
    ObjectIsReadOnly: bool
    ParentID: int
    ChildrenIDs: List[int]
    HasChildren: bool


class VariableRecord(TypedDict):
    VariableID: int
    VariableType: int
    VariableProfile: str
    VariableCustomProfile: str
    VariableAction: int
    VariableCustomAction: int
    VariableUpdated: int  # Unix seconds of the last write
    VariableChanged: int  # Unix seconds of the last write that changed the value
    VariableIsLocked: bool


class ModuleInfoRecord(TypedDict):
    ModuleID: str
    ModuleName: str
    ModuleType: int


class InstanceRecord(TypedDict):
    InstanceID: int
    ConnectionID: int
    InstanceStatus: int
    InstanceChanged: int
    ModuleInfo: ModuleInfoRecord


class ModuleRecord(TypedDict):
    ModuleID: str
    ModuleName: str
    ModuleType: int
    Vendor: str
    Prefix: str
    LibraryID: str
    Aliases: List[str]
    ParentRequirements: List[str]
    ChildRequirements: List[str]
    Implemented: List[str]


class Association(TypedDict):
    Value: float
    Name: str
    Icon: str
    Color: int


class ProfileRecord(TypedDict):
    ProfileName: str
    ProfileType: int
    Icon: str
    Prefix: str
    Suffix: str
    MinValue: float
    MaxValue: float
    StepSize: float
    Digits: int
    IsReadOnly: bool
    Associations: List[Association]


class LogEntry(TypedDict):
    Time: float
    SenderID: int
    Sender: str
    Type: int  # KL_* code
    Message: str


class DebugEntry(TypedDict):
    Time: float
    InstanceID: int
    Message: str
    Data: str
    Format: int


class Message(TypedDict):
    Index: int  # counts from the kernel's start; messages(since=...) takes it
    SenderID: int
    Message: int  # e.g. VM_UPDATE, IM_CHANGESTATUS
    Data: List[Value]


class DefaultChains(TypedDict):
    mqtt_server: int
    server_socket: int
    webhook_control: int


class ServedInstances(DefaultChains, total=False):
    mqtt_client: int  # with upstream=
    client_socket: int


class ReplayError(TypedDict):
    line: int  # 1-based line in the fixture
    label: str  # "mqtt <topic>", "http <METHOD> <path>", "action <name>", or "fixture" for a bad line
    message: str
    text: str  # "<file>:<line>: <label>: <message>", as `symemu replay` prints it


class ReplayReport(TypedDict):
    file: str
    description: str
    events: int
    played: int
    skipped: int
    errors: List[ReplayError]
    log_problems: List[str]  # kernel log errors and warnings, "sender: message"
    start: float  # kernel time of offset 0
    seconds: float
    summary: str  # the line `symemu replay` prints


class ConfiguratorRow(TypedDict, total=False):
    MeterId: str
    Interface: str
    Manufacturer: str
    Type: str
    Instance: str
    InstanceID: int  # 0 until the meter has an instance
    New: str  # "yes" until mark all as seen
    instanceID: int
    create: Dict[str, Any]  # {moduleID, configuration, location, name}


class HttpResponse:
    """The answer to Kernel.http_request()."""
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Dict[str, str]:
        """Response headers (a repeated header keeps its last value)."""
    def header(self, name: str) -> Optional[str]:
        """A header's value looked up case-insensitively, or None."""
    @property
    def body(self) -> bytes: ...
    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
    def json(self) -> Any:
        """The body parsed as JSON (ValueError when it is not JSON)."""


class Kernel:
    """An emulated IP-Symcon kernel.

    With clock="manual" every call runs on the calling thread and is committed to the database
    before it returns; advance(seconds) moves time. With clock="real" a kernel thread owns the
    kernel and every call is routed through it. The GIL is released while the kernel works, and
    calls from several Python threads are serialised. Use it as a context manager, or call close().
    """

    def __init__(self, db: PathLike = ":memory:", seed: Optional[int] = None,
                 clock: Literal["manual", "real"] = "manual", libraries: Optional[Iterable[PathLike]] = None, *,
                 default_libraries: bool = True, clock_start: Optional[float] = None, network: bool = False) -> None:
        """Boots a kernel on `db` (a path or ":memory:").

        seed: ID generator seed, used when the database is new (a stored seed wins).
        clock: "manual" (time moves only with advance()) or "real".
        libraries: extra library folders to load besides the built-in ones (default_libraries=False
        leaves those out). clock_start: Unix time the manual clock starts at (default
        1741947300, 2025-03-14 10:15 UTC). network: let I/O modules open sockets (off for
        in-process tests).
        """

    # --- lifecycle, clock, views -------------------------------------------------------------
    def close(self) -> None:
        """Shuts the kernel down, commits and closes the database. Idempotent; later calls raise KernelError("kernel is closed")."""
    @property
    def closed(self) -> bool: ...
    def __enter__(self) -> "Kernel": ...
    def __exit__(self, *exc: Any) -> bool: ...
    def commit(self) -> None:
        """Writes pending changes (every call already commits; kept for scripts that want to be explicit)."""
    @property
    def database(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def runlevel(self) -> int: ...
    @property
    def manual_clock(self) -> bool: ...
    def now(self) -> float:
        """The kernel clock in Unix seconds (with fraction)."""
    def advance(self, seconds: float) -> None:
        """Manual clock only: moves time forward, running due timers in order."""
    def next_timer_due(self) -> Optional[float]:
        """Clock time at which the next timer runs, or None."""
    def snapshot(self, times: bool = True) -> Dict[str, Dict[str, Any]]:
        """The object tree as a dict keyed by object path, as `symemu snapshot` prints it (times=False drops updated/changed)."""
    def snapshot_json(self, times: bool = True) -> str:
        """The canonical snapshot text (byte-identical to `symemu snapshot`)."""
    def tree(self) -> str:
        """The object tree indented for people, values formatted through their profiles."""

    # --- objects -------------------------------------------------------------------------------
    def object_exists(self, id: int) -> bool: ...
    def get_object(self, id: int) -> ObjectRecord:
        """IPS_GetObject."""
    def get_object_list(self) -> List[int]:
        """Every object ID except the root (0)."""
    def get_children_ids(self, id: int) -> List[int]: ...
    def get_name(self, id: int) -> str: ...
    def get_parent(self, id: int) -> int: ...
    def get_object_id_by_ident(self, ident: str, parent_id: int = 0) -> Optional[int]:
        """The direct child of parent_id with that ident, or None."""
    def get_object_id_by_name(self, name: str, parent_id: int = 0) -> Optional[int]:
        """The first direct child of parent_id with that name, or None."""
    def get_object_id_by_path(self, path: str) -> Optional[int]:
        """The object at a path of names joined with '/' ('\\/' for a '/' inside a name), or None."""
    def get_path(self, id: int) -> str: ...
    def get_location(self, id: int) -> str:
        """IPS_GetLocation: names joined with '\\', root excluded."""
    def is_child(self, id: int, parent_id: int, recursive: bool = False) -> bool: ...
    def create_category(self, name: Optional[str] = None, parent_id: int = 0, ident: Optional[str] = None) -> int:
        """IPS_CreateCategory plus optional parent, name and ident; on any error nothing is left behind."""
    def delete_category(self, id: int) -> None: ...
    def ensure_category_path(self, path: Union[str, Sequence[str]]) -> int:
        """The category at path ("A/B/C" or ["A", "B", "C"]), creating missing ones."""
    def set_parent(self, id: int, parent_id: int) -> None: ...
    def set_name(self, id: int, name: str) -> None: ...
    def set_ident(self, id: int, ident: str) -> None: ...
    def set_info(self, id: int, info: str) -> None: ...
    def set_icon(self, id: int, icon: str) -> None: ...
    def set_summary(self, id: int, summary: str) -> None: ...
    def set_position(self, id: int, position: int) -> None: ...
    def set_hidden(self, id: int, hidden: bool) -> None: ...
    def set_disabled(self, id: int, disabled: bool) -> None: ...
    def set_read_only(self, id: int, read_only: bool) -> None: ...

    # --- variables -----------------------------------------------------------------------------
    def create_variable(self, type: VariableTypeArg, name: Optional[str] = None, parent_id: int = 0,
                        ident: Optional[str] = None, profile: Optional[str] = None) -> int:
        """IPS_CreateVariable plus optional parent, name, ident and custom profile."""
    def delete_variable(self, id: int) -> None: ...
    def variable_exists(self, id: int) -> bool: ...
    def get_variable(self, id: int) -> VariableRecord:
        """IPS_GetVariable."""
    def get_value(self, id: int) -> Value: ...
    def get_value_formatted(self, id: int) -> str:
        """The value through its profile (custom profile first)."""
    def set_value(self, id: int, value: Union[Value, bytes]) -> None:
        """Converted to the variable's type; updates VariableUpdated always, VariableChanged when the value differs."""
    def set_variable_custom_profile(self, id: int, profile: str) -> None: ...
    def set_variable_custom_action(self, id: int, action_id: int) -> None: ...
    def request_action(self, variable_id: int, value: Value) -> None:
        """RequestAction: hands the value to the instance that handles the variable."""

    # --- profiles ------------------------------------------------------------------------------
    def create_variable_profile(self, name: str, type: VariableTypeArg) -> None: ...
    def delete_variable_profile(self, name: str) -> None: ...
    def variable_profile_exists(self, name: str) -> bool: ...
    def get_variable_profile(self, name: str) -> ProfileRecord: ...
    def get_variable_profile_list(self) -> List[str]: ...
    def set_variable_profile_text(self, name: str, prefix: str, suffix: str) -> None: ...
    def set_variable_profile_values(self, name: str, min: float, max: float, step: float) -> None: ...
    def set_variable_profile_digits(self, name: str, digits: int) -> None: ...
    def set_variable_profile_icon(self, name: str, icon: str) -> None: ...
    def set_variable_profile_association(self, name: str, value: float, text: str, icon: str = "",
                                         color: int = -1) -> None:
        """Adds or updates the association for value; text and icon both empty delete it."""

    # --- modules and instances -----------------------------------------------------------------
    def get_module_list(self) -> List[str]: ...
    def get_module(self, module_id: str) -> ModuleRecord:
        """IPS_GetModule by GUID or module name."""
    def create_instance(self, module_id: str, name: Optional[str] = None, parent_id: int = 0,
                        ident: Optional[str] = None) -> int:
        """IPS_CreateInstance (GUID or module name): runs Create and ApplyChanges, then optional parent, name, ident."""
    def delete_instance(self, id: int) -> None: ...
    def instance_exists(self, id: int) -> bool: ...
    def get_instance(self, id: int) -> InstanceRecord:
        """IPS_GetInstance."""
    def get_instance_status(self, id: int) -> int: ...
    def get_instance_list(self) -> List[int]: ...
    def get_instance_list_by_module_id(self, module_id: str) -> List[int]: ...
    def get_instance_list_by_module_type(self, type: int) -> List[int]: ...
    def get_child_instances(self, parent_id: int) -> List[int]:
        """Instances whose ConnectionID is parent_id."""
    def connect_instance(self, child_id: int, parent_id: int) -> None: ...
    @property
    def kernel_version(self) -> str: ...
    @property
    def kernel_date(self) -> int: ...
    @property
    def system_language(self) -> str: ...
    def translate(self, id: int, text: str) -> str: ...
    def change_parent(self, child_id: int, parent_id: int, delete_orphaned_parent: bool = False) -> int: ...
    def disconnect_instance(self, child_id: int) -> None: ...
    def is_instance_compatible(self, child_id: int, parent_id: int) -> bool: ...
    def get_property(self, id: int, name: str) -> Value:
        """The pending value (what apply_changes will apply)."""
    def set_property(self, id: int, name: str, value: Value) -> None: ...
    def get_configuration(self, id: int) -> Dict[str, Value]: ...
    def set_configuration(self, id: int, configuration: Union[Mapping[str, Any], str]) -> None:
        """From a dict or JSON text; an unknown key or a wrong type raises and changes nothing."""
    def has_changes(self, id: int) -> bool: ...
    def reset_changes(self, id: int) -> None: ...
    def apply_changes(self, id: int) -> None: ...
    def get_configuration_form(self, id: int) -> Dict[str, Any]: ...
    def get_configuration_for_parent(self, id: int) -> Dict[str, Any]: ...
    def get_buffer(self, id: int, name: str) -> bytes: ...
    def get_buffer_list(self, id: int) -> List[str]: ...
    def get_timer_interval(self, id: int, ident: str) -> int:
        """Milliseconds; 0 = stopped."""
    def request_instance_action(self, id: int, ident: str, value: Value) -> None:
        """IPS_RequestAction: the module's RequestAction(ident, value)."""
    def call(self, function: str, instance_id: int, *args: Value) -> Value:
        """An exported module function PREFIX_Name(instance_id, *args), e.g. call("SM_CreateAll", configurator_id)."""

    # --- messages, log, debug ------------------------------------------------------------------
    def register_message(self, receiver_id: int, sender_id: int, message: int) -> None: ...
    def unregister_message(self, receiver_id: int, sender_id: int, message: int) -> None: ...
    def get_message_list(self, receiver_id: int) -> Dict[int, List[int]]: ...
    def send_message(self, sender_id: int, message: int, data: Iterable[Value] = ()) -> None: ...
    def log(self) -> List[LogEntry]:
        """Captured log messages, oldest first."""
    def log_message(self, sender_id: int, type: int, message: str) -> None: ...
    def debug(self, instance_id: int = 0) -> List[DebugEntry]:
        """Captured SendDebug output of one instance (0 = all), oldest first."""

    def messages(self, since: int = 0, clear: bool = False) -> List[Message]:
        """Every message the kernel sent (registered receivers or not), oldest first, from Index `since`.

        clear=True forgets what was returned; the newest 100000 are kept.
        """
    def message_count(self) -> int:
        """Messages sent so far: messages(since=message_count()) later shows only newer ones."""

    # --- traffic: the same code paths as the sockets -------------------------------------------
    def ensure_default_chains(self, auto_create: bool = False) -> DefaultChains:
        """Creates what is missing of Server Socket -> MQTT Server and WebHook Control, as `symemu serve` does.

        auto_create=True adds a SmartLogDiscovery under the MQTT Server (`serve --auto-create`).
        """
    def mqtt_publish(self, topic: str, payload: Union[bytes, bytearray, str, Dict[str, Any], List[Any]], qos: int = 0,
                     retain: bool = False, client_id: str = "symemu-py") -> None:
        """Publishes through the MQTT Server as the client `client_id` would over a socket.

        dict/list payloads are sent as JSON. Returns once the kernel committed (PUBACK semantics).
        Creates the default chains on first use. KernelError when the broker refuses.
        """
    def http_request(self, method: str, path: str,
                     body: Union[bytes, bytearray, str, Dict[str, Any], List[Any], None] = b"",
                     headers: Optional[Mapping[str, str]] = None,
                     auth: Optional[Tuple[str, str]] = None) -> HttpResponse:
        """Sends a request through WebHook Control in process (hook lookup, then ProcessHookData).

        dict/list bodies are sent as JSON; auth=(user, password) sends Basic credentials.
        Returns once the kernel committed (a 200 means the data is on disk); a failing hook is 500.
        """

    # --- Smart Metering --------------------------------------------------------------------------
    def configurator_rows(self, configurator_id: int) -> List[ConfiguratorRow]:
        """The SmartMeterConfigurator's list rows (SM_GetRows)."""
    def create_all(self, configurator_id: int) -> int:
        """SM_CreateAll: creates the missing meter instances; returns how many."""
    def get_attribute(self, id: int, name: str) -> Optional[Value]:
        """A module attribute of an instance (e.g. a gateway's "Meters" JSON), or None."""

    # --- fixtures --------------------------------------------------------------------------------
    def replay(self, fixture_path: PathLike, password: Optional[str] = None, auto_create: bool = False) -> ReplayReport:
        """Plays a replay fixture into this kernel, like `symemu replay --target in-process`.

        Manual clock: moved to each event's offset from the fixture's start (Kernel(clock_start=...)
        for the CLI's times). Real clock: no waiting; "advance" fails. Bad lines and failed
        events are reported in `errors` with their line numbers; the rest plays.
        """


class Served:
    """A running served kernel (symemu.serve())."""
    kernel: Kernel
    mqtt_port: int  # 0 when closed
    http_port: int  # 0 when closed
    https_port: int  # 0 when closed
    certificate: str  # PEM certificate of the HTTPS listener ("" without one)
    bind: str
    database: str
    instances: ServedInstances
    upstream: str  # HOST:PORT of the upstream broker ("" without upstream=)
    @property
    def http_url(self) -> str: ...
    @property
    def https_url(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None:
        """Stops listeners and the kernel thread; removes a temporary database. Idempotent."""
    def __enter__(self) -> "Served": ...
    def __exit__(self, *exc: Any) -> bool: ...


def set_php_limits(time_limit: Optional[float] = None, memory_limit: Optional[str] = None) -> None:
    """Limits of every PHP module call in this process: seconds (default 30, 0 = none) and PHP's memory_limit."""

def serve(db: Optional[PathLike] = None, seed: Optional[int] = None, mqtt_port: Optional[int] = 0,
          http_port: Optional[int] = 0, https_port: Optional[int] = 0, bind: str = "127.0.0.1",
          auto_create: bool = False, mqtt_user: Optional[str] = None, mqtt_password: Optional[str] = None,
          libraries: Optional[Iterable[PathLike]] = None, upstream: Optional[str] = None,
          no_mqtt_server: bool = False, shard: Union[str, Tuple[int, int], None] = None) -> Served:
    """A kernel on the real clock with real listeners (0 = a free port, None = closed), set up as `symemu serve` does.

    upstream/no_mqtt_server/shard: `serve --upstream URL --no-mqtt-server --shard I/N` (docs/mqtt-client.md).

    db None or ":memory:" uses a temporary database file, removed on close. Use as a context manager.
    """


class ApiError(Exception):
    """A JSON-RPC error from Client: code (-32601 unknown function, -32602 wrong parameters, -32603
    refused by the kernel, -32000 access refused) and Symcon's message."""
    code: Optional[int]
    message: str
    method: Optional[str]
    http_status: Optional[int]


class MessageStream:
    """Client.messages(): one dict per kernel message {Message, SenderID, Data, TimeStamp, Time}."""
    close_code: Optional[int]
    close_reason: Optional[str]
    def __iter__(self) -> "MessageStream": ...
    def __next__(self) -> Dict[str, Any]: ...
    def settimeout(self, seconds: Optional[float]) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> "MessageStream": ...
    def __exit__(self, *exc: Any) -> None: ...


class Client:
    """A running emulator's JSON-RPC API (POST /api/) and message stream, from another process.
    client.IPS_GetObject(0) is client.call("IPS_GetObject", 0)."""
    url: str
    def __init__(self, url: str = "http://127.0.0.1:3777/api/", auth: Optional[Tuple[str, str]] = None,
                 timeout: float = 30.0, cafile: Optional[str] = None, verify: bool = True) -> None: ...
    def call(self, method: str, *params: Any) -> Any: ...
    def batch(self, calls: List[Tuple[Any, ...]]) -> List[Any]: ...
    def __getattr__(self, name: str) -> Callable[..., Any]: ...
    def messages(self, timeout: Optional[float] = None) -> MessageStream: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Client": ...
    def __exit__(self, *exc: Any) -> None: ...

"""The host's fast paths as a module sees them (docs/performance.md, "PHP edition", "Eighth step"):
json_decode of the MQTT Server's packet argument is built from the packet's typed form, without
comparing the text, only while the argument is the very string handed over; a copy or a changed
text is compared or read as PHP reads it."""
import json

import symemu
from php_helpers import lib


def test_json_decode_of_the_packet_argument_copies_and_changed_texts():
    with symemu.Kernel(seed=3, libraries=[lib("fast_paths")]) as k:
        k.ensure_default_chains()
        reader = k.create_instance("PHP Packet Reader", "Reader")
        payload = bytes([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x31, 0x7D, 0x00, 0xC3, 0xFF])  # {"a":1} and high bytes
        k.mqtt_publish("reader/one", payload)
        seen = json.loads(k.get_value(k.get_object_id_by_ident("Seen", reader)))
        as_came, copy, after_change, argument_changed, payload_hex = seen
        expected = {"DataID": "{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}", "PacketType": 3, "QualityOfService": 0,
                    "Retain": False, "Topic": "reader/one", "Payload": payload.decode("latin-1")}
        assert as_came == expected
        assert copy == expected
        assert after_change == dict(expected, Topic="Reader/one")
        assert argument_changed == dict(expected, Retain=True)
        assert payload_hex == payload.hex()

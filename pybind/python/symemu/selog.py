"""Build SE-LOG 2.0 reports (docs/selog-format.md section 2.2) for scenarios.

    from symemu import selog
    water = selog.meter("03006175", [selog.reading("Volume", 43964, unit="m^3", scale="0.001")],
                        medium="Water", manufacturer="BMT")
    report = selog.report("SL-000123", [water], timestamp=1741947300)

Every value is sent as text, as the logger does. Extra keyword arguments become further upper-case
attributes (e.g. rssi="-64" -> "RSSI": "-64").
"""
from typing import Any, Dict, Iterable, Optional

__all__ = ["reading", "meter", "report"]


def _attributes(extra: Dict[str, Any]) -> Dict[str, str]:
    return {key.upper(): str(value) for key, value in extra.items()}


def reading(description: str, value: Any, unit: str = "None", scale: str = "1", t: Optional[int] = None,
            **extra: Any) -> Dict[str, Any]:
    """One value record: DESCRIPTION, UNIT, SCALE and an entry with VAL (and T_MUC when t is given)."""
    entry: Dict[str, Any] = {"VAL": str(value)}
    if t is not None:
        entry["T_MUC"] = int(t)
    record = {"DESCRIPTION": description, "UNIT": unit, "SCALE": str(scale), "OBIS_ID": ""}
    record.update(_attributes(extra))
    record["entry"] = [entry]
    return record


def meter(meter_id: str, readings: Iterable[Dict[str, Any]], medium: str = "Water", manufacturer: str = "BMT",
          interface: str = "05", **extra: Any) -> Dict[str, Any]:
    """One meter: METER_ID, INTERFACE, MANUFACTURER, MEDIUM and its value records."""
    record = {"METER_ID": meter_id, "INTERFACE": interface, "MANUFACTURER": manufacturer, "MEDIUM": medium}
    record.update(_attributes(extra))
    data = []
    for r in readings:
        r = dict(r)
        r.setdefault("MEDIUM", medium)
        data.append(r)
    record["data"] = data
    return record


def report(smartlog_id: str, meters: Iterable[Dict[str, Any]], timestamp: Optional[int] = None,
           version: str = "1f6") -> Dict[str, Any]:
    """A whole report ({"MESSAGE_TYPE": "1", "muc": {...}}) of the logger smartlog_id."""
    muc: Dict[str, Any] = {"MUC_ID": smartlog_id, "VERSION": version}
    if timestamp is not None:
        muc["TIMESTAMP"] = int(timestamp)
    muc["meter"] = list(meters)
    return {"MESSAGE_TYPE": "1", "muc": muc}

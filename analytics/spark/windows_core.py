"""The analytics job's rules in plain Python: the same contract as the .NET job (analytics/contract/golden-vectors.json).

The PySpark job (orders_windows_job.py) uses these functions for everything that is not Spark's own work: reading and
checking an event, rounding money, and making the results and exports (CSV byte for byte as the .NET job writes them,
JSON with the same values). The class OpenWindows is the windowing rules as a sequential reference: CI runs the golden
vectors through it with python3 (no Spark here), and the Spark job's watermark and windows are set up to agree with it.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
EVENT_TYPES = ("order.created", "order.confirmed", "order.cancelled", "order.shipped", "order.payment_refunded")
CURRENT_VERSION = 1
TOP_PRODUCTS = 100


def money(amount):
    """Cents, halves away from zero, always two decimals (ROUND_HALF_UP rounds away from zero for negatives too)."""
    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def floor(time, unit):
    epoch = datetime(1, 1, 1, tzinfo=timezone.utc)
    return time - (time - epoch) % unit


def window_id(start):
    return start.strftime("%Y-%m-%dT%H:%M:%SZ")


def hour_name(hour):
    return hour.strftime("%Y-%m-%d-%H")


def day_name(day):
    return day.strftime("%Y-%m-%d")


def read_event(value):
    """(event, None) for an event the job can use, else (None, reason): the dead-letter reasons of the .NET job."""
    if not value:
        return None, "empty message"
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not UTF-8"
    try:
        e = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError:
        return None, "malformed JSON"
    if not isinstance(e, dict):
        return None, "malformed JSON"
    if e.get("version") != CURRENT_VERSION:
        return None, f"unsupported version {e.get('version')}"
    if e.get("event_type") not in EVENT_TYPES:
        return None, f"unknown event type '{e.get('event_type')}'"
    try:
        for key in ("event_id", "order_id", "user_id"):
            if uuid.UUID(str(e.get(key))) == uuid.UUID(int=0):
                return None, "missing ids"
    except ValueError:
        return None, "missing ids"
    if e.get("items") is None or e.get("status") is None:
        return None, "missing fields"
    if not e.get("occurred_at"):
        return None, "missing occurred_at"
    items = e["items"]
    if Decimal(e.get("total_amount", 0)) < 0:
        return None, "negative total_amount"
    if not items and e["event_type"] == "order.created":
        return None, "an order.created without items"
    if any(i is None for i in items):
        return None, "missing item"
    if any(int(i["quantity"]) <= 0 for i in items):
        return None, "item quantity not positive"
    if any(Decimal(i["unit_price"]) < 0 for i in items):
        return None, "negative unit_price"
    e["occurred_at"] = parse_time(e["occurred_at"])
    e["event_id"] = str(uuid.UUID(e["event_id"]))
    e["user_id"] = str(uuid.UUID(e["user_id"]))
    for item in items:
        item["product_id"] = str(uuid.UUID(item["product_id"]))
    return e, None


@dataclass
class Window:
    start: datetime
    event_ids: set = field(default_factory=set)
    orders: int = 0
    revenue: Decimal = Decimal(0)
    confirmed: int = 0
    cancelled: int = 0
    users: dict = field(default_factory=dict)  # user id -> [orders, spend]
    products: dict = field(default_factory=dict)  # product id -> [name source, name, units, revenue]

    def apply(self, e):
        if e["event_id"] in self.event_ids:
            return False
        self.event_ids.add(e["event_id"])
        if e["event_type"] == "order.created":
            self.orders += 1
            self.revenue += Decimal(e["total_amount"])
            user = self.users.setdefault(e["user_id"], [0, Decimal(0)])
            user[0] += 1
            user[1] += Decimal(e["total_amount"])
            for item in e["items"]:
                product = self.products.setdefault(item["product_id"], [None, "", 0, Decimal(0)])
                product[2] += int(item["quantity"])
                product[3] += int(item["quantity"]) * Decimal(item["unit_price"])
                # The name of the minute's first order, whatever order the events came in.
                source = (e["occurred_at"], uuid.UUID(e["event_id"]).bytes_le)
                if product[0] is None or source < product[0]:
                    product[0], product[1] = source, item["name"]
        elif e["event_type"] == "order.confirmed":
            self.confirmed += 1
        elif e["event_type"] == "order.cancelled":
            self.cancelled += 1
        return True

    def result(self):
        return {
            "window_id": window_id(self.start),
            "window_start": self.start,
            "window_end": self.start + MINUTE,
            "total_orders": self.orders,
            "unique_users": len(self.users),
            "total_revenue": money(self.revenue),
            "avg_order_value": money(self.revenue / self.orders if self.orders else 0),
            "confirmed_orders": self.confirmed,
            "cancelled_orders": self.cancelled,
            "products": [{"product_id": p, "name": v[1], "units": v[2], "revenue": money(v[3])} for p, v in sorted(self.products.items(), key=lambda kv: uuid.UUID(kv[0]))],
            "users": [{"user_id": u, "orders": v[0], "spend": money(v[1])} for u, v in sorted(self.users.items(), key=lambda kv: uuid.UUID(kv[0]))],
        }


class OpenWindows:
    """The windowing rules, sequentially: counted / duplicate / late, and what each move of the watermark closes."""

    def __init__(self, grace):
        self.grace = grace
        self.open = {}
        self.pending_hours = set()
        self.pending_days = set()
        self.watermark = datetime.min.replace(tzinfo=timezone.utc)

    def _closed(self, start, length):
        return self.watermark >= start + length + self.grace

    def add(self, e):
        start = floor(e["occurred_at"], MINUTE)
        if self._closed(start, MINUTE):
            return "late"
        return "counted" if self.open.setdefault(start, Window(start)).apply(e) else "duplicate"

    def advance_to(self, time):
        if time <= self.watermark:
            return [], [], []
        self.watermark = time
        windows = []
        for start in sorted(self.open):
            if not self._closed(start, MINUTE):
                break
            windows.append(self.open.pop(start))
            self.pending_hours.add(floor(start, HOUR))
        hours = [h for h in sorted(self.pending_hours) if self._closed(h, HOUR)]
        for hour in hours:
            self.pending_hours.remove(hour)
            self.pending_days.add(floor(hour, DAY))
        days = [d for d in sorted(self.pending_days) if self._closed(d, DAY)]
        self.pending_days.difference_update(days)
        return windows, hours, days

    def close_quiet(self, now):
        known = list(self.open) + list(self.pending_hours) + list(self.pending_days)
        if not known:
            return [], [], []
        closes_all = floor(max(known), DAY) + DAY + self.grace
        return self.advance_to(min(now, closes_all))


def to_json(document):
    """Compact JSON; the same values as the .NET job's files (money keeps its cents as a number; times in UTC)."""
    def default(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        raise TypeError(f"cannot write {type(value).__name__}")
    return (json.dumps(document, default=default, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def unique_users_file(hour, windows):
    return f"hourly/{hour_name(hour)}/unique_user_count.json", {
        "hour": hour_name(hour),
        "unique_users": len({u["user_id"] for w in windows for u in w["users"]}),
        "total_orders": sum(w["total_orders"] for w in windows),
        "windows": len(windows),
    }


def daily_files(day, windows):
    windows = sorted(windows, key=lambda w: w["window_id"])
    name = day_name(day)
    orders = sum(w["total_orders"] for w in windows)
    revenue = sum((w["total_revenue"] for w in windows), Decimal(0))
    users = {}
    for w in windows:
        for u in w["users"]:
            entry = users.setdefault(u["user_id"], [0, Decimal(0)])
            entry[0] += u["orders"]
            entry[1] += u["spend"]
    products = {}
    for w in windows:
        for p in w["products"]:
            entry = products.setdefault(p["product_id"], [p["name"], 0, Decimal(0)])
            entry[1] += p["units"]
            entry[2] += p["revenue"]
    ranked = sorted(products.items(), key=lambda kv: (-kv[1][2], -kv[1][1], uuid.UUID(kv[0])))[:TOP_PRODUCTS]
    hours = {}
    for w in windows:
        entry = hours.setdefault(hour_name(floor(w["window_start"], HOUR)), [0, Decimal(0)])
        entry[0] += w["total_orders"]
        entry[1] += w["total_revenue"]
    return [
        (f"daily/{name}/orders_summary.json", {
            "date": name, "total_orders": orders, "unique_users": len(users), "total_revenue": money(revenue),
            "avg_order_value": money(revenue / orders if orders else 0),
            "confirmed_orders": sum(w["confirmed_orders"] for w in windows),
            "cancelled_orders": sum(w["cancelled_orders"] for w in windows), "windows": len(windows)}),
        (f"daily/{name}/user_metrics.csv", _csv("user_id,orders,spend",
            [f"{u},{v[0]},{money(v[1])}" for u, v in sorted(users.items(), key=lambda kv: uuid.UUID(kv[0]))])),
        (f"daily/{name}/revenue_report.json", {
            "date": name, "total_revenue": money(revenue),
            "by_hour": [{"hour": h, "orders": v[0], "revenue": money(v[1])} for h, v in sorted(hours.items())]}),
        (f"daily/{name}/top_products.csv", _csv("rank,product_id,name,units,revenue",
            [f"{i + 1},{p},{_csv_field(v[0])},{v[1]},{money(v[2])}" for i, (p, v) in enumerate(ranked)])),
    ]


def _csv(header, rows):
    return "\n".join([header, *rows]) + "\n"


def _csv_field(value):
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n\r') else value

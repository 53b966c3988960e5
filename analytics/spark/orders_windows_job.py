"""The analytics job for Dataproc (GCP): PySpark Structured Streaming with the contract of the .NET job.

Kafka topic `orders` (Confluent Cloud over SASL_SSL) → events read and checked by windows_core.read_event (the
unreadable ones to `analytics-dead-letters` with their reason) → event-time watermark of the grace period, duplicates
dropped by event_id within it → one-minute tumbling windows, emitted once when the watermark passes their end (append
mode: the same closing rule as the .NET job) → foreachBatch: each window as windows_core makes it, into DynamoDB
`analytics-windows` and its hour's working file in S3; an hour's and a day's exports once a later window shows them
closed.
Every write is a whole object from closed windows, so a batch Spark replays after a failure rewrites the same content.

Not run on this machine (no Spark here): its core, windows_core.py, is what CI checks against the golden vectors.
Unlike the .NET job it has no wall-clock close for a quiet stream: Spark's watermark moves with events only.

Settings (environment, the Dataproc job's properties pass them): KAFKA_BOOTSTRAP_SERVERS, KAFKA_API_KEY and
KAFKA_API_SECRET (from Secret Manager), ANALYTICS_GRACE_SECONDS (10), ANALYTICS_CHECKPOINT (a gs:// folder),
ANALYTICS_INPUT_TOPIC, ANALYTICS_DEAD_LETTER_TOPIC, ANALYTICS_TABLE and ANALYTICS_BUCKET (the published workflow gives
the AppHost model's names), AWS_REGION and the AWS credentials for S3 and DynamoDB.
"""

import json
import os
from datetime import timedelta

import boto3
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

import windows_core as core

BUCKET = os.environ.get("ANALYTICS_BUCKET", "ecommerce-analytics-results")
TABLE = os.environ.get("ANALYTICS_TABLE", "analytics-windows")
INPUT_TOPIC = os.environ.get("ANALYTICS_INPUT_TOPIC", "orders")
DEAD_LETTER_TOPIC = os.environ.get("ANALYTICS_DEAD_LETTER_TOPIC", "analytics-dead-letters")
GRACE = timedelta(seconds=int(os.environ.get("ANALYTICS_GRACE_SECONDS", "10")))


def kafka_options():
    options = {"kafka.bootstrap.servers": os.environ["KAFKA_BOOTSTRAP_SERVERS"]}
    if os.environ.get("KAFKA_API_KEY"):
        options.update({
            "kafka.security.protocol": "SASL_SSL",
            "kafka.sasl.mechanism": "PLAIN",
            "kafka.sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                      f'username="{os.environ["KAFKA_API_KEY"]}" password="{os.environ["KAFKA_API_SECRET"]}";',
        })
    return options


READ = T.StructType([
    T.StructField("reason", T.StringType()),
    T.StructField("event_json", T.StringType()),
    T.StructField("event_id", T.StringType()),
    T.StructField("occurred_at", T.TimestampType()),
])


@F.udf(READ)
def read(value):
    event, reason = core.read_event(bytes(value) if value is not None else b"")
    if event is None:
        return (reason, None, None, None)
    return (None, bytes(value).decode("utf-8"), event["event_id"], event["occurred_at"])


def write_batch(batch, _batch_id):
    """Windows Spark closed in this micro-batch: rebuilt with windows_core from their events, then written whole."""
    s3 = boto3.client("s3")
    dynamodb = boto3.client("dynamodb")
    results = []
    for row in batch.collect():
        window = core.Window(row["window"]["start"].replace(tzinfo=core.timezone.utc))
        for text in row["events"]:
            window.apply(core.read_event(text.encode("utf-8"))[0])
        results.append(window.result())
    for result in sorted(results, key=lambda w: w["window_id"]):
        dynamodb.put_item(TableName=TABLE, Item=_item(result))
        hour = core.floor(result["window_start"], core.HOUR)
        key = f"working/{core.hour_name(hour)}/orders_minute_windows.json"
        windows = [w for w in _read_hour(s3, key) if w["window_id"] != result["window_id"]] + [json.loads(core.to_json(result))]
        _put(s3, key, core.to_json({"hour": core.hour_name(hour), "windows": sorted(windows, key=lambda w: w["window_id"])}))
    if results:
        _close_periods(s3, core.floor(max(w["window_start"] for w in results), core.HOUR))


STATE_KEY = "spark-state/latest_window_hour"


def _close_periods(s3, latest_hour):
    """
    Append mode emits a window only once the watermark passed its end, so a window of a later hour means the hours
    before it are complete (the grace period is under a minute): their unique-user files, and the daily files of the
    days they finish, are made from the hourly files. The latest hour seen is kept in S3, so a restarted job goes on.
    """
    try:
        previous = core.datetime.strptime(s3.get_object(Bucket=BUCKET, Key=STATE_KEY)["Body"].read().decode(), "%Y-%m-%d-%H")
        previous = previous.replace(tzinfo=core.timezone.utc)
    except s3.exceptions.NoSuchKey:
        previous = latest_hour
    hour = previous
    while hour < latest_hour:
        windows = _read_hour(s3, f"working/{core.hour_name(hour)}/orders_minute_windows.json")
        if windows:
            _put(s3, f"hourly/{core.hour_name(hour)}/orders_minute_windows.json", core.to_json({"hour": core.hour_name(hour), "windows": windows}))
            key, document = core.unique_users_file(hour, [_parsed(w) for w in windows])
            _put(s3, key, core.to_json(document))
        if core.floor(hour + core.HOUR, core.DAY) != core.floor(hour, core.DAY):
            _close_day(s3, core.floor(hour, core.DAY))
        hour += core.HOUR
    _put(s3, STATE_KEY, core.hour_name(latest_hour).encode())


def _close_day(s3, day):
    windows = []
    for offset in range(24):
        windows += [_parsed(w) for w in _read_hour(s3, f"hourly/{core.hour_name(day + offset * core.HOUR)}/orders_minute_windows.json")]
    if windows:
        for key, content in core.daily_files(day, windows):
            _put(s3, key, content.encode("utf-8") if isinstance(content, str) else core.to_json(content))


def _parsed(window):
    """A window read back from an hourly file, with its money as decimals and its start as a time again."""
    window = json.loads(json.dumps(window), parse_float=core.Decimal)
    window["window_start"] = core.parse_time(window["window_start"])
    return window


def _read_hour(s3, key):
    try:
        return json.loads(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())["windows"]
    except s3.exceptions.NoSuchKey:
        return []


def _put(s3, key, body):
    s3.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType="application/json" if key.endswith(".json") else "text/csv")


def _item(window):
    number = lambda value: {"N": str(value)}  # noqa: E731
    return {
        "window_id": {"S": window["window_id"]},
        "window_start": {"S": core.window_id(window["window_start"])},
        "window_end": {"S": core.window_id(window["window_end"])},
        "total_orders": number(window["total_orders"]),
        "unique_users": number(window["unique_users"]),
        "total_revenue": number(window["total_revenue"]),
        "avg_order_value": number(window["avg_order_value"]),
        "confirmed_orders": number(window["confirmed_orders"]),
        "cancelled_orders": number(window["cancelled_orders"]),
        "products": {"L": [{"M": {"product_id": {"S": p["product_id"]}, "name": {"S": p["name"]},
                                  "units": number(p["units"]), "revenue": number(p["revenue"])}} for p in window["products"]]},
    }


def main():
    spark = SparkSession.builder.appName("ecommerce-analytics").getOrCreate()
    checkpoint = os.environ["ANALYTICS_CHECKPOINT"]
    source = (spark.readStream.format("kafka").options(**kafka_options())
              .option("subscribe", INPUT_TOPIC).option("startingOffsets", "earliest").option("includeHeaders", "true").load()
              .select("key", "value", "headers", read("value").alias("read")))

    (source.where("read.reason IS NOT NULL")
        .select("key", "value", F.array_union(F.coalesce("headers", F.array()),
                F.array(F.struct(F.lit("dead_letter_reason").alias("key"), F.encode("read.reason", "UTF-8").alias("value")))).alias("headers"))
        .writeStream.format("kafka").options(**kafka_options()).option("topic", DEAD_LETTER_TOPIC)
        .option("checkpointLocation", f"{checkpoint}/dead-letters").start())

    (source.where("read.reason IS NULL").select("read.*")
        .withWatermark("occurred_at", f"{int(GRACE.total_seconds())} seconds")
        .dropDuplicatesWithinWatermark(["event_id"])
        .groupBy(F.window("occurred_at", "1 minute"))
        .agg(F.collect_list("event_json").alias("events"))
        .writeStream.outputMode("append").foreachBatch(write_batch)
        .option("checkpointLocation", f"{checkpoint}/windows").trigger(processingTime="10 seconds").start())

    spark.streams.awaitAnyTermination()


if __name__ == "__main__":
    main()

package dev.logsieve.kafka;

/** What the record serializers share. */
final class Records {
    private Records() {}

    /** A record's event time as a Kafka timestamp; none (the broker's time) where it has none usable. */
    static Long timestamp(Long eventTime) {
        return eventTime == null || eventTime < 0 ? null : eventTime;
    }
}

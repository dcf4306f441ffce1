package dev.logsieve.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(2, 1000, now::get);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughLater() {
        assertThat(breaker.allow()).isTrue();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED); // one failure is not enough
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();

        now.addAndGet(999);
        assertThat(breaker.allow()).isFalse();
        now.addAndGet(1);
        assertThat(breaker.allow()).as("the trial call").isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allow()).as("calls wait behind the trial rather than being refused").isTrue();

        breaker.success();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.timesOpened()).isEqualTo(1);
    }

    @Test
    void aFailedTrialOpensItAgainForAnotherPeriod() {
        breaker.failure();
        breaker.failure();
        now.addAndGet(1000);
        assertThat(breaker.allow()).isTrue();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(500);
        assertThat(breaker.allow()).isFalse();
        now.addAndGet(500);
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.timesOpened()).isEqualTo(2);
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.failure();
        breaker.success();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}

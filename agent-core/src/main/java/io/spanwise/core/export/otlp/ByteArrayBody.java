package io.spanwise.core.export.otlp;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body sent from the caller's array itself. The JDK's {@code BodyPublishers.ofByteArray}
 * copies the array into new buffers on every send: about as many bytes again as the spans' encoding,
 * per request the service handles. The array must not change until the send has returned, which is the
 * case for the exporter's buffer: it is filled again only for the next batch.
 */
final class ByteArrayBody {
  private ByteArrayBody() {}

  static HttpRequest.BodyPublisher of(byte[] bytes, int length) {
    return HttpRequest.BodyPublishers.fromPublisher(
        subscriber -> subscriber.onSubscribe(new OneBuffer(subscriber, bytes, length)), length);
  }

  /** Hands the whole body over as one buffer on the first request, then completes. */
  private static final class OneBuffer implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final byte[] bytes;
    private final int length;
    private boolean done;

    OneBuffer(Flow.Subscriber<? super ByteBuffer> subscriber, byte[] bytes, int length) {
      this.subscriber = subscriber;
      this.bytes = bytes;
      this.length = length;
    }

    @Override
    public synchronized void request(long n) {
      if (done) {
        return;
      }
      done = true;
      if (n <= 0) {
        subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
        return;
      }
      subscriber.onNext(ByteBuffer.wrap(bytes, 0, length).asReadOnlyBuffer());
      subscriber.onComplete();
    }

    @Override
    public synchronized void cancel() {
      done = true;
    }
  }
}

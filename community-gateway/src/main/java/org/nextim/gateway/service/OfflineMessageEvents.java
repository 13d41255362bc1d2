package org.nextim.gateway.service;

/** What happens to offline messages, told to whoever counts them (the gateway's metrics). */
public interface OfflineMessageEvents {

  /** Counts nothing. */
  OfflineMessageEvents NONE = new OfflineMessageEvents() {
    @Override
    public void stored() {
    }

    @Override
    public void delivered(int n) {
    }
  };

  /** A unicast message was kept for its recipient's next sign-in (no page got it, or the router failed). */
  void stored();

  /** {@code n} kept messages were handed to their recipient at sign-in. */
  void delivered(int n);
}

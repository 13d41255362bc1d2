package org.nextim.gateway.store;

/** A buddy list entry as the site sends it: the buddy's id and its group. */
public record BuddyLink(String id, String group) {
}

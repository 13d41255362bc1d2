package org.nextim.gateway.store;

/** One entry of a user's buddy list: the buddy and the group the site put it in. */
public record Buddy(User user, String group) {
}

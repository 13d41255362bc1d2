package org.nextim.gateway.router;

import java.util.Map;

/**
 * The router's answer to a login: the page's ticket, the online buddies with their show, the online
 * member count of each joined room, and the user's live pages.
 */
public record OnlineReply(String ticket, Map<String, String> buddies, Map<String, Integer> roomCounts, int clientnum) {
}

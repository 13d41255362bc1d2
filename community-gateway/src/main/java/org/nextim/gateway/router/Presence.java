package org.nextim.gateway.router;

/** An online user as {@code /onlines?version=3} lists it. */
public record Presence(String name, String nick, String show, String status) {
}

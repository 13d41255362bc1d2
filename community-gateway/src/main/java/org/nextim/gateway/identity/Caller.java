package org.nextim.gateway.identity;

/** An authenticated caller: the user id (the token's {@code sub}) and the optional profile claims. */
public record Caller(String id, String nick, String picUrl, String url) {
}

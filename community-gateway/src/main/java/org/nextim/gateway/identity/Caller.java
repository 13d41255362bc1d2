package org.nextim.gateway.identity;

/**
 * An authenticated caller: the user id (the token's {@code sub}), the optional profile claims, and how
 * the token came: a cookie rides along with any request a browser sends, forged ones too, so what such
 * a caller may do without a ticket is less (spec 3.1).
 */
public record Caller(String id, String nick, String picUrl, String url, Credential credential) {

  /** Where the token was. */
  public enum Credential {
    /** {@code Authorization: Bearer}: only a script of the page (or the site's backend) can send it. */
    BEARER,
    /** The {@code webim_token} cookie: the browser adds it to cross-site requests too. */
    COOKIE
  }

  /** A caller without a known credential is treated as the weaker one, the cookie. */
  public Caller(String id, String nick, String picUrl, String url) {
    this(id, nick, picUrl, url, Credential.COOKIE);
  }

  public boolean byCookie() {
    return credential != Credential.BEARER;
  }
}

package org.nextim.gateway.http;

import org.nextim.gateway.store.LogItem;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code download_history}: a self-contained HTML page; every piece of user text is escaped. */
final class HistoryPage {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private HistoryPage() {
  }

  static String render(String me, String peer, String peerName, String type, List<LogItem> items) {
    StringBuilder b = new StringBuilder(512 + items.size() * 160);
    String title = ("multicast".equals(type) ? "Room " : "Conversation with ") + peerName;
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td{padding:2px 8px;vertical-align:top}.t{color:#888;white-space:nowrap}.n{font-weight:bold}")
        .append("</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n<p>History of ")
        .append(escape(me)).append(" with ").append(escape(peer)).append(", ").append(items.size())
        .append(" message(s).</p>\n<table>\n");
    for (LogItem m : items) {
      b.append("<tr><td class=\"t\">").append(TIME.format(Instant.ofEpochMilli(m.timestamp())))
          .append("</td><td class=\"n\">").append(escape(m.nick())).append("</td><td>")
          .append(escape(m.body())).append("</td></tr>\n");
    }
    return b.append("</table>\n</body></html>\n").toString();
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}

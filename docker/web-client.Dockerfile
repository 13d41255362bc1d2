# web-client: the fat jar built by `mvn package` (build context: the repository root).
FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /app nextim && mkdir -p /app/data && chown nextim /app/data
WORKDIR /app
COPY web-client/target/web-client.jar /app/web-client.jar
USER nextim
EXPOSE 8081
# Ready: the widget and the demo pages can be read (GET /health/live says only that the process serves).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${WEB_PORT:-8081} && printf "GET /health/ready HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/web-client.jar"]

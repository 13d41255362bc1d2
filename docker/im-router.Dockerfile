# im-router: the fat jar built by `mvn package` (build context: the repository root).
FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /app nextim && mkdir -p /app/data && chown nextim /app/data
WORKDIR /app
COPY im-router/target/im-router.jar /app/im-router.jar
# The node's JVM settings (what they are for: the file's comments); more with JAVA_TOOL_OPTIONS.
COPY im-router/jvm.options /app/jvm.options
USER nextim
EXPOSE 8000
EXPOSE 5701
# Ready: takes traffic (a router node: has the cluster's state, not handing over; the gateway: its
# database and the router answer). GET /health/live says only that the process serves.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${ROUTER_PORT:-8000} && printf "GET /health/ready HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:MaxRAMPercentage=75", "-jar", "/app/im-router.jar"]

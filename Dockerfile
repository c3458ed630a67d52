# syntax=docker/dockerfile:1
# Three stages: build the jar on JDK 17 (the build target; the package includes Spring AOT's process-aot, whose
# generated bean definitions -Dspring.aot.enabled=true uses) and extract it into its layered form; record an AOT cache
# (JEP 483/514) on JDK 25 with a training run that starts the service and answers a few requests; run on a JDK 25 JRE
# with that cache and Spring AOT on, as a non-root user. bench/startup.sh runs the same commands outside Docker and
# measures them.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B dependency:go-offline
COPY src src
COPY providers providers
RUN ./mvnw -B -DskipTests package \
 && java -Djarmode=tools -jar target/authbridge.jar extract --destination /app

# The JVM options every start uses, the training run included: an AOT cache is only used by a JVM started with the
# same garbage collector and class path. Sized so that the process stays under 256 MB RSS at peak request load
# (bench/RESULTS.md):
# Serial GC (2 cores, a small heap: no G1 remembered sets or concurrent threads), a 96 MB heap growing to 192 MB only
# for long-lived state (idle proxy WebSockets, about 12 KB each: 10,000 fit), capped code cache,
# metaspace and direct memory, 512 KB thread stacks, and at most two glibc malloc arenas. CompileThresholdScaling=3:
# methods are compiled after three times the usual number of calls, so that the JIT, which took about 70 % of the CPU
# of a start on two cores, leaves more of it to the start itself (first answer 1.31 -> 1.04 s; rps unchanged).
FROM eclipse-temurin:25-jre AS train
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xms96m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=64m -XX:CompileThresholdScaling=3 --enable-native-access=ALL-UNNAMED" \
    MALLOC_ARENA_MAX=2
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
# A throwaway secret for the training run only; the run stops after it has answered csrf, session and providers.
RUN set -eu; \
    AUTH_SECRET=training-only-secret-0123456789abcdef0123456789 PORT=3999 AUTH_URL=http://127.0.0.1:3999 \
      java -XX:AOTCacheOutput=/app/authbridge.aot -Dspring.aot.enabled=true -jar /app/authbridge.jar & pid=$!; \
    i=0; until curl -s -o /dev/null http://127.0.0.1:3999/api/auth/csrf; do \
      i=$((i + 1)); [ "$i" -lt 600 ] || { kill "$pid"; exit 1; }; sleep 0.1; done; \
    for n in 1 2 3; do for path in csrf session providers; do \
      curl -s -o /dev/null "http://127.0.0.1:3999/api/auth/$path"; done; done; \
    kill -TERM "$pid"; wait "$pid" || true; \
    test -s /app/authbridge.aot

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 authbridge
WORKDIR /app
COPY --from=train /app /app
USER authbridge
ENV PORT=3000 \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xms96m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=64m -XX:CompileThresholdScaling=3 --enable-native-access=ALL-UNNAMED" \
    MALLOC_ARENA_MAX=2
EXPOSE 3000
# -XX:AOTCache: if the options above are changed (another GC, say), the JVM warns and starts without the cache.
# -Dspring.aot.enabled=true: the bean definitions generated at build time; beans that a setting such as DATABASE_URL
# adds are still decided from the container's environment at every start (BridgeConfiguration).
ENTRYPOINT ["java", "-XX:AOTCache=/app/authbridge.aot", "-Dspring.aot.enabled=true", "-jar", "/app/authbridge.jar"]

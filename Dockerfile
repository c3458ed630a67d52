# syntax=docker/dockerfile:1
# Multi-stage build: the wrapper builds the jar, which is extracted into its layered form (faster start,
# better layer caching), then runs on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B dependency:go-offline
COPY src src
COPY providers providers
RUN ./mvnw -B -DskipTests package \
 && java -Djarmode=tools -jar target/authbridge.jar extract --destination /app

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 authbridge
WORKDIR /app
COPY --from=build /app /app
USER authbridge
ENV PORT=3000
EXPOSE 3000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/authbridge.jar"]

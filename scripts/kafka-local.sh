#!/usr/bin/env bash
# kafka-local.sh — run a throwaway single-node Apache Kafka (KRaft) broker on
# loopback for local development and tests.
#
#   scripts/kafka-local.sh start    # (re)start a fresh, empty broker; prints KAFKA_BROKERS=...
#   scripts/kafka-local.sh stop     # stop it (no-op when nothing runs)
#   scripts/kafka-local.sh status   # exit 0 if running, 1 otherwise
#
# The broker jars come from Maven Central through Maven (mvn) and are cached in
# ${FIXLINE_CACHE:-$HOME/.cache/fixline}/kafka-<version>/libs, so only the very
# first start downloads anything. `start` always wipes the run dir: every start
# gives an empty cluster with a new cluster id.
#
# Environment (all optional):
#   KAFKA_VERSION          Kafka version to use (default 3.9.2)
#   KAFKA_PORT             client (PLAINTEXT) port (default 19092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default 19093)
#   KAFKA_RUN_DIR          data/log/pid dir (default <cache>/kafka-run)
#   KAFKA_START_TIMEOUT    seconds to wait for readiness (default 60)
#   KAFKA_HEAP_OPTS        JVM heap flags (default -Xms256m -Xmx512m)
#   FIXLINE_CACHE          cache root (default $HOME/.cache/fixline)
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
SCALA_VERSION="2.13"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
CACHE="$(realpath -m "${FIXLINE_CACHE:-$HOME/.cache/fixline}")"
KAFKA_HOME="$CACHE/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME/libs"
RUN_DIR="$(realpath -m "${KAFKA_RUN_DIR:-$CACHE/kafka-run}")"
PID_FILE="$RUN_DIR/kafka.pid"
LOG_FILE="$RUN_DIR/kafka.log"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "kafka-local: $*" >&2; }
die() { log "error: $*"; exit 1; }

# True if something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp, no nc needed).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the broker pid if our broker is running (pid alive AND it is the Kafka
# JVM started from this run dir, so a recycled pid is never mistaken for it).
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $RUN_DIR/server.properties" || return 1
  echo "$pid"
}

# Download broker jars (+ an slf4j->reload4j binding so the broker logs) once.
ensure_jars() {
  if [[ -f "$LIBS/.complete" ]]; then return 0; fi
  command -v mvn >/dev/null || die "mvn not found (needed once to download Kafka $KAFKA_VERSION)"
  log "downloading Kafka $KAFKA_VERSION jars with Maven into $LIBS ..."
  work="$(mktemp -d)" # global on purpose: the EXIT trap must still see it
  trap 'rm -rf "$work"' EXIT
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.fixline</groupId>
  <artifactId>kafka-local-deps</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$SCALA_VERSION</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- Kafka 3.x logs through slf4j 1.7 + log4j 1 API (reload4j in the official tarball) -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>1.2.25</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.6.1</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
  # Maven's output is kept out of stdout (reserved for KAFKA_BROKERS=) and shown on failure only.
  (cd "$work" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$work/libs" >"$work/mvn.log" 2>&1) \
    || { cat "$work/mvn.log" >&2; die "mvn failed to fetch Kafka $KAFKA_VERSION"; }
  # Publish atomically so a half-finished download is never mistaken for a cache hit.
  mkdir -p "$KAFKA_HOME"
  rm -rf "$LIBS"
  mv "$work/libs" "$LIBS"
  touch "$LIBS/.complete"
  rm -rf "$work"
}

write_config() {
  cat >"$RUN_DIR/server.properties" <<EOF
# Single-node KRaft: this process is both broker and controller (node 1).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$RUN_DIR/data
# Test-friendly settings for a single broker.
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
EOF
  # Broker logs go to stdout, which start() redirects into kafka.log.
  cat >"$RUN_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
EOF
}

java_opts() {
  # shellcheck disable=SC2206
  local heap=(${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m})
  printf '%s\n' "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true "-Dlog4j.configuration=file:$RUN_DIR/log4j.properties"
}

cmd_start() {
  command -v "$JAVA" >/dev/null || die "java not found"
  ensure_jars
  # Idempotent: a running broker is replaced by a fresh one.
  if running_pid >/dev/null; then log "broker already running; restarting it fresh"; cmd_stop; fi
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$p" && die "port $p on 127.0.0.1 is already in use by another process"
  done

  rm -rf "$RUN_DIR"
  mkdir -p "$RUN_DIR/data"
  write_config
  local opts
  mapfile -t opts < <(java_opts)

  # Random cluster id: 16 random bytes, base64url without padding (Kafka's Uuid format).
  # One id in 64 starts with "-", which the storage tool's argument parser reads as an
  # option; Kafka's own Uuid.randomUuid draws again in that case, and so do we.
  local cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  "$JAVA" "${opts[@]}" -cp "$LIBS/*" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$RUN_DIR/server.properties" >"$RUN_DIR/format.log" 2>&1 \
    || { cat "$RUN_DIR/format.log" >&2; die "storage format failed"; }

  # cd into the run dir so the JVM never depends on (or writes into) the caller's cwd.
  (cd "$RUN_DIR" && exec nohup "$JAVA" "${opts[@]}" -cp "$LIBS/*" \
      kafka.Kafka "$RUN_DIR/server.properties" >"$LOG_FILE" 2>&1 </dev/null) &
  echo $! >"$PID_FILE"
  local pid
  pid="$(cat "$PID_FILE")"

  # Ready = port accepts connections AND KafkaRaftServer logged "Kafka Server started".
  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$LOG_FILE" >&2 || true
      die "broker exited during startup (log: $LOG_FILE)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$LOG_FILE" >&2 || true
      cmd_stop
      die "broker not ready after ${START_TIMEOUT}s (log: $LOG_FILE)"
    fi
    sleep 0.25
  done
  log "Kafka $KAFKA_VERSION ready (pid $pid, log $LOG_FILE)"
  echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  # Give Kafka a few seconds for a clean shutdown, then force it.
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker did not stop after TERM; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running (pid $pid) KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  else
    echo "not running"
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

# zknode: the ZooKeeper-compatible server. Build from the repository root (or `make images`):
#   docker build -f docker/zknode.Dockerfile -t ghcr.io/zkoperator/zknode:0.1.0 .
# Runs as the official .NET image's non-root `app` user (uid and gid 1654, $APP_UID), which is what the
# operator's pod template sets as runAsUser/runAsGroup/fsGroup; the root filesystem may be read-only: it
# writes only to /data (the member's volume) and /tmp (an emptyDir). The readiness probe needs sh and nc.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props NuGet.config BannedSymbols.Pure.txt .editorconfig ./
COPY node/ node/
RUN dotnet publish node/Zk.Node.Server -c Release -o /out --nologo -p:UseAppHost=true

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
# The image already has the `app` user: no groupadd/useradd (uid/gid 1000 are taken by Ubuntu 24.04's `ubuntu`).
RUN apt-get update \
 && apt-get install -y --no-install-recommends netcat-openbsd \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown "$APP_UID:$APP_UID" /data
COPY --from=build /out /app
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_gcServer=0 \
    PATH="/app:${PATH}"
USER $APP_UID
WORKDIR /data
VOLUME ["/data"]
EXPOSE 2181 2888 3888 8080
ENTRYPOINT ["/app/zknode"]
CMD ["/data/conf/zoo.cfg"]

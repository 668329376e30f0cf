# zknode: the ZooKeeper-compatible server. Build from the repository root:
#   docker build -f docker/zknode.Dockerfile -t ghcr.io/zkoperator/zknode:0.1.0 .
# The operator's pod template runs it as uid 1000 with a read-only root filesystem; it writes only to
# /data (the member's volume) and /tmp (an emptyDir). The readiness probe needs sh and nc.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props NuGet.config BannedSymbols.Pure.txt .editorconfig ./
COPY node/ node/
RUN dotnet publish node/Zk.Node.Server -c Release -o /out --nologo -p:UseAppHost=true

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends netcat-openbsd \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 zookeeper \
 && useradd --uid 1000 --gid 1000 --no-create-home --home-dir /data --shell /usr/sbin/nologin zookeeper \
 && mkdir -p /data /conf \
 && chown 1000:1000 /data
COPY --from=build /out /app
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_gcServer=0 \
    PATH="/app:${PATH}"
USER 1000:1000
WORKDIR /data
VOLUME ["/data"]
EXPOSE 2181 2888 3888 8080
ENTRYPOINT ["/app/zknode"]
CMD ["/data/conf/zoo.cfg"]

# zk-operator: the Kubernetes operator. Build from the repository root (or `make images`):
#   docker build -f docker/zk-operator.Dockerfile -t ghcr.io/zkoperator/zk-operator:0.1.0 .
# The aspnet image because /healthz, /readyz and /metrics are served with ASP.NET Core's shared framework.
# Runs as the image's non-root `app` user (uid 1654, $APP_UID), the chart's runAsUser, with a read-only
# root filesystem (the chart mounts /tmp).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props NuGet.config BannedSymbols.Pure.txt .editorconfig ./
COPY node/ node/
COPY operator/ operator/
RUN dotnet publish operator/Zk.Operator -c Release -o /out --nologo -p:UseAppHost=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
COPY --from=build /out /app
ENV DOTNET_EnableDiagnostics=0
USER $APP_UID
WORKDIR /app
EXPOSE 8080 8081
ENTRYPOINT ["/app/zk-operator"]
CMD ["run"]

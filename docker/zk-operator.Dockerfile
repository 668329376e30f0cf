# zk-operator: the Kubernetes operator. Build from the repository root:
#   docker build -f docker/zk-operator.Dockerfile -t ghcr.io/zkoperator/zk-operator:0.1.0 .
# Runs as the unprivileged uid 65532 with a read-only root filesystem (the chart mounts /tmp).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props NuGet.config BannedSymbols.Pure.txt .editorconfig ./
COPY node/ node/
COPY operator/ operator/
RUN dotnet publish operator/Zk.Operator -c Release -o /out --nologo -p:UseAppHost=true

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
COPY --from=build /out /app
ENV DOTNET_EnableDiagnostics=0
USER 65532:65532
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["/app/zk-operator"]
CMD ["run"]

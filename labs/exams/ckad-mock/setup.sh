mkdir -p ~/exam
cat > ~/exam/app.properties <<'PROPS'
feature.payments=enabled
cache.ttl=300
log.level=info
PROPS
# checkout: revision 2 runs nginx:1.26, revision 3 a tag that does not exist
kubectl --context k8s -n shop rollout status deployment/checkout --timeout=60s
kubectl --context k8s -n shop set image deployment/checkout nginx=nginx:1.26
kubectl --context k8s -n shop rollout status deployment/checkout --timeout=60s
kubectl --context k8s -n shop set image deployment/checkout nginx=nginx:1.26-hotfix

# mistake: changes the probe's port instead of its path; the new pods still fail their readiness probe
# fails: fix-shop/rolled-out
# message: not Ready
kubectl patch deployment shop --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/httpGet/port","value":8080}]'

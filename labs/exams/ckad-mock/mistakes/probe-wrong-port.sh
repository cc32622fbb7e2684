# mistake: the readiness probe asks port 8080, where nginx does not listen; the new pods never become ready
# fails: probes/rolled-out
kubectl --context k8s -n web patch deployment api --type=strategic -p '
spec:
  template:
    spec:
      containers:
        - name: nginx
          readinessProbe:
            httpGet:
              path: /
              port: 8080
            initialDelaySeconds: 5
            periodSeconds: 10
'

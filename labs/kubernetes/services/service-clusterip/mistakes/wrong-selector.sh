# mistake: writes the Service by hand with a selector no pod carries (the container's name instead of the pod label)
# fails: expose/endpoints
# message: no pod in namespace default has these labels
kubectl rollout status deployment/web --timeout=60s
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: hello
  ports:
    - port: 80
      targetPort: 8080
YAML

# mistake: defaultMode written as 400 without the leading 0 is decimal 400 (octal 0620), not 0400
# fails: volume/mode
# message: is 400, expected 256
kubectl -n billing create secret generic db-credentials --from-literal=username=billing_app --from-literal=password=Tr0ub4dor-3
kubectl -n billing create secret docker-registry registry-cred --docker-server=registry.example.com --docker-username=deployer --docker-password=Sh1p-It-Now
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: billing-worker
  namespace: billing
spec:
  imagePullSecrets:
    - name: registry-cred
  containers:
    - name: worker
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
      volumeMounts:
        - name: credentials
          mountPath: /etc/credentials
          readOnly: true
  volumes:
    - name: credentials
      secret:
        secretName: db-credentials
        defaultMode: 400
YAML

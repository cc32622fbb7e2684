# mistake: edits the ConfigMap but keeps the running pod, whose environment was fixed at start
# fails: update/pod-green
# message: env-demo still has APP_COLOR=blue
kubectl create configmap app-settings --from-literal=APP_MODE=production --from-literal=APP_COLOR=blue --from-literal=MAX_CONNECTIONS=50
echo "Welcome to the staging shop" > ~/welcome.txt
kubectl create configmap app-messages --from-file=$HOME/welcome.txt
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: env-demo
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "env | sort; sleep 3600"]
      envFrom:
        - configMapRef:
            name: app-settings
      env:
        - name: WELCOME_MESSAGE
          valueFrom:
            configMapKeyRef:
              name: app-messages
              key: welcome.txt
YAML
kubectl wait --for=condition=Ready pod/env-demo --timeout=60s
kubectl patch configmap app-settings -p '{"data":{"APP_COLOR":"green"}}'

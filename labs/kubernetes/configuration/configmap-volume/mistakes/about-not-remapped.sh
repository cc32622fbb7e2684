# mistake: the about.html key keeps its own name, so there is no about/index.html in the volume
# fails: mount/about-file
# message: about/index.html in web does not hold about.html
mkdir -p ~/site
echo '<h1>Served from a ConfigMap</h1>' > ~/site/index.html
echo '<h1>About this site</h1>' > ~/site/about.html
kubectl create configmap site-content --from-file=$HOME/site/
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
  volumes:
    - name: html
      configMap:
        name: site-content
        items:
          - key: index.html
            path: index.html
          - key: about.html
            path: about.html
YAML
kubectl wait --for=condition=Ready pod/web --timeout=60s

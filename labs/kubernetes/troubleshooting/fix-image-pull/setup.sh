# Version 1.26 runs; then someone rolls out "1.27" with a typo in the tag.
kubectl -n shop rollout status deployment/storefront --timeout=60s
kubectl -n shop set image deployment/storefront nginx=nginx:1.277
kubectl -n shop annotate deployment/storefront kubernetes.io/change-cause="upgrade storefront to nginx 1.27" --overwrite

/**
 * Files of the catalogue's images that learners look at: the users and groups, the OS release,
 * nginx's configuration and pages. busybox's image has no /etc/os-release (as upstream's).
 */
import type { ImageInfo } from './image-catalogue';
import {
  NGINX_FASTCGI_PARAMS,
  NGINX_MIME_TYPES,
  NGINX_SCGI_PARAMS,
  NGINX_UWSGI_PARAMS,
} from './nginx-files';

const BUSYBOX_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;
const BUSYBOX_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
mail:x:12:
www-data:x:33:
users:x:100:
nogroup:x:65534:
`;
const DEBIAN_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;
const DEBIAN_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;
const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \\.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\\.ht {
    #    deny  all;
    #}
}

`;
const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

/**
 * The directories at the root of an image (`ls /`): busybox's image has only what its applets
 * need; Alpine's and Debian's are their distributions' (Debian's bin, lib, lib64 and sbin are
 * links into /usr there, plain directories here).
 */
export function imageRootDirs(
  image: ImageInfo | undefined,
  flavour: 'busybox' | 'debian',
): string[] {
  const base = ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];
  if (flavour === 'busybox' && /\/busybox(plus)?$/.test(image?.repository ?? '')) return base;
  const distribution = ['lib', 'media', 'mnt', 'opt', 'run', 'sbin', 'srv'];
  if (flavour === 'busybox') return [...base, ...distribution].sort();
  return [...base, ...distribution, 'boot', 'lib64'].sort();
}

/** The files `image` adds to its container's root, by absolute path. */
export function imageFiles(image: ImageInfo | undefined, busybox: boolean): Map<string, string> {
  const files = new Map<string, string>(
    busybox
      ? [
          ['/etc/passwd', BUSYBOX_PASSWD],
          ['/etc/group', BUSYBOX_GROUP],
        ]
      : [
          ['/etc/passwd', DEBIAN_PASSWD],
          ['/etc/group', DEBIAN_GROUP],
          ['/etc/os-release', DEBIAN_OS_RELEASE],
        ],
  );
  const repo = image?.repository ?? '';
  if (/\/nginx(-slim)?$/.test(repo) && !busybox) {
    files.set(
      '/etc/passwd',
      `${DEBIAN_PASSWD}nginx:x:101:101:nginx user:/nonexistent:/bin/false\n`,
    );
    files.set('/etc/group', `${DEBIAN_GROUP}nginx:x:101:\n`);
    files.set('/etc/nginx/nginx.conf', NGINX_CONF);
    files.set('/etc/nginx/conf.d/default.conf', NGINX_DEFAULT_CONF);
    files.set('/etc/nginx/mime.types', NGINX_MIME_TYPES);
    files.set('/etc/nginx/fastcgi_params', NGINX_FASTCGI_PARAMS);
    files.set('/etc/nginx/scgi_params', NGINX_SCGI_PARAMS);
    files.set('/etc/nginx/uwsgi_params', NGINX_UWSGI_PARAMS);
    files.set(
      '/docker-entrypoint.sh',
      '#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n\nentrypoint_log() {\n    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then\n        echo "$@"\n    fi\n}\n\nexec "$@"\n',
    );
  }
  return files;
}

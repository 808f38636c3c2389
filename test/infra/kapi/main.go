// Command kapi runs a real, single-node Kubernetes control plane for tests: embedded etcd plus the stock
// kube-apiserver, on 127.0.0.1 and free ports, in one process.
//
// It writes a kubeconfig with two users, prints "READY <kubeconfig>" on stdout once the server answers
// /readyz and the RBAC objects for the limited user are in force, and shuts down on SIGTERM/SIGINT
// (or when stdin closes, with --exit-on-stdin-close), removing its temporary directory.
// Everything else goes to stderr.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	rbacapply "k8s.io/client-go/applyconfigurations/rbac/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	certutil "k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

const (
	adminUser      = "admin"
	viewerUser     = "viewer"
	viewerRole     = "gitops-readonly"
	clusterName    = "kapi"
	readyTimeout   = 3 * time.Minute
	etcdStartLimit = time.Minute
)

func main() {
	// Our stdout and stderr are usually pipes to the process that started us. If it dies first, Go would
	// kill us on the next log line (SIGPIPE) before any cleanup; ignored, the write just fails.
	signal.Ignore(syscall.SIGPIPE)
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kapi:", err)
		os.Exit(1)
	}
}

func run() error {
	flags := flag.NewFlagSet("kapi", flag.ExitOnError)
	dataDir := flags.String("data-dir", "", "keep etcd data, certificates and kubeconfig here (default: a temporary directory, removed on exit)")
	port := flags.Int("port", 0, "kube-apiserver secure port (default: a free port)")
	exitOnStdinClose := flags.Bool("exit-on-stdin-close", false, "shut down when stdin reaches EOF, so the server dies with the process that started it")
	flags.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: kapi [flags] [-- extra kube-apiserver flags]")
		flags.PrintDefaults()
	}
	_ = flags.Parse(os.Args[1:])

	// Creating the command installs kube-apiserver's SIGTERM/SIGINT handler; its context is cancelled on the
	// first signal, which is also our cue to stop, whichever phase we are in.
	apiserver := app.NewAPIServerCommand()
	apiserver.SetOut(os.Stderr)
	stopping := apiserver.Context()

	workDir := *dataDir
	temporary := workDir == ""
	if temporary {
		tmp, err := os.MkdirTemp("", "kapi-")
		if err != nil {
			return err
		}
		workDir = tmp
	} else if err := os.MkdirAll(workDir, 0o700); err != nil {
		return err
	}
	var etcd *embed.Etcd
	var cleanupOnce sync.Once
	cleanup := func() {
		cleanupOnce.Do(func() {
			if etcd != nil {
				etcd.Close()
			}
			if temporary {
				_ = os.RemoveAll(workDir)
			}
		})
	}
	defer cleanup()
	// Stopped while still starting, kube-apiserver's post-start hooks fail with klog.Fatal, which exits
	// without running deferred calls: clean up on that path too. A requested stop is still a success.
	klog.OsExit = func(code int) {
		cleanup()
		if stopping.Err() != nil {
			code = 0
		}
		os.Exit(code)
	}

	if *exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			// A parent that exits often sends SIGTERM as well. kube-apiserver treats a second signal as
			// "exit now", skipping cleanup, so only signal if no stop is under way after a short wait.
			select {
			case <-stopping.Done():
			case <-time.After(2 * time.Second):
				_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			}
		}()
	}

	etcd, etcdURL, err := startEtcd(stopping, filepath.Join(workDir, "etcd"))
	if err != nil {
		if stopping.Err() != nil {
			return nil
		}
		return err
	}

	if *port == 0 {
		if *port, err = freePort(); err != nil {
			return err
		}
	}
	creds, err := writeCredentials(workDir, *port)
	if err != nil {
		return err
	}

	apiserver.SetArgs(append(apiserverFlags(workDir, etcdURL, *port), flags.Args()...))
	apiserverDone := make(chan error, 1)
	go func() { apiserverDone <- apiserver.Execute() }()

	readyCtx, cancelReady := context.WithTimeout(stopping, readyTimeout)
	defer cancelReady()
	readyErr := make(chan error, 1)
	go func() { readyErr <- waitReadyAndGrantViewer(readyCtx, creds.kubeconfig) }()

	select {
	case err := <-apiserverDone:
		if stopping.Err() != nil {
			return nil
		}
		return fmt.Errorf("kube-apiserver exited before it was ready: %v", err)
	case err := <-readyErr:
		if err != nil && stopping.Err() == nil {
			return fmt.Errorf("kube-apiserver not ready: %w", err)
		}
		if err == nil {
			fmt.Printf("READY %s\n", creds.kubeconfig)
		}
	}

	// kube-apiserver returns from Execute once its graceful shutdown after the signal is complete;
	// the deferred cleanup then closes etcd and removes the temporary directory.
	if err := <-apiserverDone; err != nil && stopping.Err() == nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	return nil
}

func apiserverFlags(dir, etcdURL string, port int) []string {
	return []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		// Without this kube-apiserver looks for a default route, and there is none offline.
		"--advertise-address=127.0.0.1",
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--tls-cert-file=" + filepath.Join(dir, "apiserver.crt"),
		"--tls-private-key-file=" + filepath.Join(dir, "apiserver.key"),
		"--token-auth-file=" + filepath.Join(dir, "tokens.csv"),
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + filepath.Join(dir, "sa.key"),
		"--service-account-signing-key-file=" + filepath.Join(dir, "sa.key"),
		"--service-cluster-ip-range=10.0.0.0/24",
		// No controller manager creates the "default" ServiceAccount, so this plugin would reject every Pod.
		"--disable-admission-plugins=ServiceAccount",
		"--allow-privileged=true",
		// Keeps 127.0.0.1 out of the "kubernetes" Service endpoints.
		"--endpoint-reconciler-type=none",
		// Priority and fairness only costs CPU on a test machine.
		"--enable-priority-and-fairness=false",
		"--profiling=false",
	}
}

// startEtcd starts an embedded single-member etcd with fsync off: test data need not survive a crash.
func startEtcd(stopping context.Context, dir string) (*embed.Etcd, string, error) {
	clientPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	peerPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(clientPort))}
	peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(peerPort))}

	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{"stderr"}
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)

	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("embedded etcd: %w", err)
	}
	select {
	case <-etcd.Server.ReadyNotify():
		return etcd, clientURL.String(), nil
	case err := <-etcd.Err():
		etcd.Close()
		return nil, "", fmt.Errorf("embedded etcd: %w", err)
	case <-stopping.Done():
		etcd.Close()
		return nil, "", errors.New("stopped while etcd was starting")
	case <-time.After(etcdStartLimit):
		etcd.Close()
		return nil, "", errors.New("embedded etcd not ready after " + etcdStartLimit.String())
	}
}

type credentials struct {
	kubeconfig string
}

// writeCredentials writes the serving certificate, the service-account key, the static token file and a
// kubeconfig with contexts "admin" (current, group system:masters) and "viewer" (read-only).
func writeCredentials(dir string, port int) (credentials, error) {
	certPEM, keyPEM, err := certutil.GenerateSelfSignedCertKey("127.0.0.1", []net.IP{net.IPv4(127, 0, 0, 1)}, []string{"localhost"})
	if err != nil {
		return credentials{}, err
	}
	saKey, err := keyutil.MakeEllipticPrivateKeyPEM()
	if err != nil {
		return credentials{}, err
	}
	adminToken, err := randomToken()
	if err != nil {
		return credentials{}, err
	}
	viewerToken, err := randomToken()
	if err != nil {
		return credentials{}, err
	}
	// Static token file format: token,user,uid,"group1,group2".
	tokens := fmt.Sprintf("%s,%s,%s,\"system:masters\"\n%s,%s,%s\n", adminToken, adminUser, adminUser, viewerToken, viewerUser, viewerUser)

	files := map[string][]byte{
		"apiserver.crt": certPEM,
		"apiserver.key": keyPEM,
		"sa.key":        saKey,
		"tokens.csv":    []byte(tokens),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			return credentials{}, err
		}
	}

	config := clientcmdapi.NewConfig()
	// certPEM holds the serving certificate followed by the CA that signed it.
	config.Clusters[clusterName] = &clientcmdapi.Cluster{
		Server:                   "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		CertificateAuthorityData: certPEM,
	}
	for user, token := range map[string]string{adminUser: adminToken, viewerUser: viewerToken} {
		config.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: token}
		config.Contexts[user] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: user, Namespace: "default"}
	}
	config.CurrentContext = adminUser
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*config, kubeconfig); err != nil {
		return credentials{}, err
	}
	return credentials{kubeconfig: kubeconfig}, nil
}

// waitReadyAndGrantViewer waits for /readyz and the "default" namespace, binds the viewer to a read-only
// ClusterRole, and waits until the authorizer honours that binding so tests never see a stale 403.
func waitReadyAndGrantViewer(ctx context.Context, kubeconfig string) error {
	admin, err := clientFor(kubeconfig, adminUser)
	if err != nil {
		return err
	}
	viewer, err := clientFor(kubeconfig, viewerUser)
	if err != nil {
		return err
	}
	if err := poll(ctx, "/readyz", func() error {
		_, err := admin.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err
	}); err != nil {
		return err
	}
	if err := poll(ctx, "namespace default", func() error {
		_, err := admin.CoreV1().Namespaces().Get(ctx, "default", metav1.GetOptions{})
		return err
	}); err != nil {
		return err
	}

	apply := metav1.ApplyOptions{FieldManager: "kapi", Force: true}
	readOnly := []string{"get", "list", "watch"}
	role := rbacapply.ClusterRole(viewerRole).WithRules(
		rbacapply.PolicyRule().WithAPIGroups("*").WithResources("*").WithVerbs(readOnly...),
		rbacapply.PolicyRule().WithNonResourceURLs("*").WithVerbs("get"),
	)
	if _, err := admin.RbacV1().ClusterRoles().Apply(ctx, role, apply); err != nil {
		return fmt.Errorf("apply ClusterRole %s: %w", viewerRole, err)
	}
	binding := rbacapply.ClusterRoleBinding(viewerRole).
		WithRoleRef(rbacapply.RoleRef().WithAPIGroup(rbacv1.GroupName).WithKind("ClusterRole").WithName(viewerRole)).
		WithSubjects(rbacapply.Subject().WithAPIGroup(rbacv1.GroupName).WithKind(rbacv1.UserKind).WithName(viewerUser))
	if _, err := admin.RbacV1().ClusterRoleBindings().Apply(ctx, binding, apply); err != nil {
		return fmt.Errorf("apply ClusterRoleBinding %s: %w", viewerRole, err)
	}
	return poll(ctx, "viewer can list namespaces", func() error {
		_, err := viewer.CoreV1().Namespaces().List(ctx, metav1.ListOptions{Limit: 1})
		return err
	})
}

func clientFor(kubeconfig, contextName string) (*kubernetes.Clientset, error) {
	loader := &clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: contextName}
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(loader, overrides).ClientConfig()
	if err != nil {
		return nil, err
	}
	config.Timeout = 5 * time.Second
	return kubernetes.NewForConfig(config)
}

// poll retries check until it succeeds: while the server starts, every error is expected.
func poll(ctx context.Context, what string, check func() error) error {
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last error: %v)", what, ctx.Err(), err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func freePort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

func randomToken() (string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(buf), nil
}

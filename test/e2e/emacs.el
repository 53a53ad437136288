;;; emacs.el --- End-to-end test of go-escape in Emacs 28 with eglot 1.9 (Debian 12)  -*- lexical-binding: t -*-

;; Eglot starts the go-escape server over stdio on a copy of the seed example, as configured in
;; `eglot-server-programs'; the test checks the Flymake diagnostics, an unsaved edit and a hover.
;; Run by test/e2e/emacs.mjs:
;;   emacs -Q --batch -L <elpa dirs> -l emacs.el
;; with GO_ESCAPE_SERVER (dist/server.js) and GO_ESCAPE_WORKSPACE (the seed copy) in the
;; environment.  The exit code is the result: 0 when every check passed.

(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'flymake)

(defvar go-escape-e2e-timeout 90 "Seconds to wait for diagnostics.")

(defun go-escape-e2e-say (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n") #'external-debugging-output))

;; go-mode is not part of Emacs 28; a minimal mode named like it is enough for eglot, which
;; derives the LSP languageId "go" from the mode's name.
(unless (fboundp 'go-mode)
  (define-derived-mode go-mode prog-mode "Go"))

(defvar go-escape-e2e-server (or (getenv "GO_ESCAPE_SERVER") (error "GO_ESCAPE_SERVER is not set")))
(defvar go-escape-e2e-workspace (or (getenv "GO_ESCAPE_WORKSPACE") (error "GO_ESCAPE_WORKSPACE is not set")))

;; The same configuration docs/editors.md gives users.
(add-to-list 'eglot-server-programs
             `(go-mode . ("node" ,go-escape-e2e-server "--stdio"
                          :initializationOptions
                          (:settings (:goEscape (:include ["moved" "escapes"] :debounceMs 200))
                           :workspaceTrusted t))))

(defconst go-escape-e2e-rule "returned-address"
  "The rule the compiler's explanation gives both findings (a stable id from catalogue/ids.ts).")

(defun go-escape-e2e-diagnostic-at (message line column)
  "The verified Flymake diagnostic with MESSAGE at 1-based LINE and 0-based character COLUMN.
Eglot puts the source and code before the server's message: \"go-escape [rule]: moved to heap: u\".
Verified means explained by the compiler with `go-escape-e2e-rule', not a prediction."
  (cl-find-if (lambda (d)
                (let ((beg (flymake-diagnostic-beg d))
                      (text (flymake-diagnostic-text d)))
                  (and (string-search (format "[%s]: %s" go-escape-e2e-rule message) text)
                       (not (string-search "(predicted)" text))
                       (= (line-number-at-pos beg) line)
                       (= (- beg (save-excursion (goto-char beg) (line-beginning-position))) column))))
              (flymake-diagnostics)))

(defun go-escape-e2e-describe ()
  (mapconcat (lambda (d)
               (let ((beg (flymake-diagnostic-beg d)))
                 (format "  %d:%d-%d %s"
                         (line-number-at-pos beg)
                         (- beg (save-excursion (goto-char beg) (line-beginning-position)))
                         (- (flymake-diagnostic-end d) beg)
                         (flymake-diagnostic-text d))))
             (flymake-diagnostics) "\n"))

(defun go-escape-e2e-wait (what predicate)
  "Processes server output and timers until PREDICATE holds; fails after the timeout."
  (let ((deadline (+ (float-time) go-escape-e2e-timeout)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Timed out waiting for %s; diagnostics:\n%s" what (go-escape-e2e-describe)))
      (accept-process-output nil 0.1))))

(defun go-escape-e2e-hover-text (contents)
  (cond ((stringp contents) contents)
        ((and (listp contents) (plist-get contents :value)) (plist-get contents :value))
        ((vectorp contents) (mapconcat #'go-escape-e2e-hover-text contents "\n"))
        (t "")))

(defun go-escape-e2e-run ()
  (let* ((main-go (expand-file-name "main.go" go-escape-e2e-workspace))
         (disk-before (with-temp-buffer (insert-file-contents main-go) (buffer-string))))
    (find-file main-go)
    (go-mode)
    (apply #'eglot (eglot--guess-contact))
    (let ((server (eglot-current-server)))
      (unless server (error "eglot did not start a server"))
      ;; Flymake defers its first check until a command runs, which never happens in batch mode.
      (flymake-start)

      (go-escape-e2e-say "- diagnostics for the seed")
      (go-escape-e2e-wait "moved to heap: u at 14:1"
                          (lambda () (go-escape-e2e-diagnostic-at "moved to heap: u" 14 1)))
      (let ((d (go-escape-e2e-diagnostic-at "moved to heap: u" 14 1)))
        (unless (= (- (flymake-diagnostic-end d) (flymake-diagnostic-beg d)) 1)
          (error "The diagnostic covers `u' only")))
      (go-escape-e2e-say "%s" (go-escape-e2e-describe))

      (go-escape-e2e-say "- an unsaved edit adds \"moved to heap: x\"")
      (goto-char (point-max))
      (insert "\nfunc leak() *int { x := 1; return &x }\n")
      ;; Eglot sends changes when Emacs goes idle, which batch mode never does: flush them now.
      (eglot--signal-textDocument/didChange)
      (flymake-start)
      (go-escape-e2e-wait "moved to heap: x at 23:19"
                          (lambda () (go-escape-e2e-diagnostic-at "moved to heap: x" 23 19)))
      (unless (go-escape-e2e-diagnostic-at "moved to heap: u" 14 1)
        (error "The seed finding is gone after the edit"))
      (unless (buffer-modified-p) (error "The buffer is unsaved"))
      (unless (string= disk-before (with-temp-buffer (insert-file-contents main-go) (buffer-string)))
        (error "main.go on disk changed"))
      (go-escape-e2e-say "%s" (go-escape-e2e-describe))

      (go-escape-e2e-say "- hover on `u'")
      (goto-char (point-min))
      (forward-line 13)
      (forward-char 1)
      (let* ((result (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
             (text (go-escape-e2e-hover-text (plist-get result :contents))))
        (unless (string-match-p "moved to heap" text)
          (error "Hover mentions \"moved to heap\": %S" text))
        (go-escape-e2e-say "%s" text))

      (go-escape-e2e-say "- code actions on `u'")
      (let* ((beg (progn (goto-char (point-min)) (forward-line 13) (forward-char 1) (point)))
             (actions (eglot-code-actions beg (1+ beg)))
             (fix (cl-find-if (lambda (a) (string-prefix-p "Return User by value" (plist-get a :title))) actions)))
        (go-escape-e2e-say "  offered: %s" (mapconcat (lambda (a) (plist-get a :title)) actions " | "))
        (cond
         ((and (not fix) (equal (getenv "GO_ESCAPE_E2E_QUICKFIX") "0"))
          (go-escape-e2e-say "  SKIPPED (GO_ESCAPE_E2E_QUICKFIX=0): no \"Return User by value\" code action"))
         ((not fix) (error "No \"Return User by value\" code action"))
         (t
          (go-escape-e2e-say "- apply \"%s\"" (plist-get fix :title))
          (let ((edit (plist-get fix :edit)))
            (unless edit (error "The fix carries no workspace edit: %S" fix))
            (eglot--apply-workspace-edit edit))
          (eglot--signal-textDocument/didChange)
          (flymake-start)
          (goto-char (point-min))
          (forward-line 12)
          (unless (string= (buffer-substring (point) (line-end-position)) "func createUserV2() User {")
            (error "createUserV2 returns User by value: %S" (buffer-substring (point) (line-end-position))))
          (go-escape-e2e-wait "\"moved to heap: u\" to go away"
                              (lambda ()
                                (and (not (cl-find-if (lambda (d) (string-search "moved to heap: u" (flymake-diagnostic-text d)))
                                                      (flymake-diagnostics)))
                                     (go-escape-e2e-diagnostic-at "moved to heap: x" 23 19))))
          (unless (string= disk-before (with-temp-buffer (insert-file-contents main-go) (buffer-string)))
            (error "main.go on disk changed"))
          (go-escape-e2e-say "%s" (go-escape-e2e-describe)))))

      (eglot-shutdown server))))

(condition-case err
    (progn
      (go-escape-e2e-run)
      (go-escape-e2e-say "emacs e2e: all checks passed")
      (kill-emacs 0))
  (error
   (go-escape-e2e-say "emacs e2e FAILED: %s" (error-message-string err))
   (dolist (server (cl-loop for servers being the hash-values of eglot--servers-by-project append servers))
     (ignore-errors (eglot-shutdown server)))
   (kill-emacs 1)))

;;; emacs.el ends here

#include "server/http2_connection.h"

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "server/https_server.h"

namespace bulwark::server {

namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// ALPN wire format: length-prefixed names, server preference first.
constexpr unsigned char kH2AndHttp11[] = "\x02h2\x08http/1.1";
constexpr unsigned char kHttp11[] = "\x08http/1.1";
struct ProtocolList {
  const unsigned char* data;
  unsigned size;
};
constexpr ProtocolList kOfferH2{kH2AndHttp11, sizeof(kH2AndHttp11) - 1};
constexpr ProtocolList kOfferHttp11{kHttp11, sizeof(kHttp11) - 1};

int select_alpn(SSL*, const unsigned char** out, unsigned char* out_size, const unsigned char* in,
                unsigned in_size, void* arg) {
  const auto* offer = static_cast<const ProtocolList*>(arg);
  unsigned char* chosen = nullptr;
  // OpenSSL's API takes non-const pointers but only reads the lists.
  if (SSL_select_next_proto(&chosen, out_size, const_cast<unsigned char*>(offer->data), offer->size, in,
                            in_size) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;  // no common protocol: go on without ALPN (HTTP/1.1)
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

// How often a connection checks its deadlines: often enough that a timeout fires within a
// quarter of its length, never busier than every 10 ms.
std::chrono::milliseconds tick_interval(const ServerOptions& o) {
  const auto shortest = std::min({o.read_timeout, o.write_timeout, o.idle_timeout});
  return std::clamp(shortest / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
}

// Stops a drained connection from lingering when the client never reads our GOAWAY.
constexpr std::chrono::milliseconds kCloseLinger{2000};

}  // namespace

void offer_alpn(net::ssl::context& context, bool http2) {
  SSL_CTX_set_alpn_select_cb(context.native_handle(), select_alpn,
                             const_cast<ProtocolList*>(http2 ? &kOfferH2 : &kOfferHttp11));
}

bool negotiated_http2(TlsSocket& stream) {
  const unsigned char* protocol = nullptr;
  unsigned size = 0;
  SSL_get0_alpn_selected(stream.native_handle(), &protocol, &size);
  return size == 2 && std::memcmp(protocol, "h2", 2) == 0;
}

struct Http2Connection::Stream {
  int32_t id = 0;
  bool head = false;  // a HEAD request: headers only
  std::string method;
  std::string path;
  std::string body;
  std::size_t header_bytes = 0;
  std::optional<std::size_t> content_length;
  Clock::time_point started;
  bool headers_too_large = false;
  bool expects_continue = false;  // sent "expect: 100-continue"
  bool request_complete = false;  // END_STREAM received
  bool answered = false;          // a response is submitted or being computed
  std::string response_body;
  std::size_t sent = 0;
};

// libnghttp2's C callbacks, forwarding to the connection (its user_data).
struct Http2Callbacks {
  static Http2Connection& of(void* user) { return *static_cast<Http2Connection*>(user); }
  static Http2Connection::Stream* find(Http2Connection& c, int32_t id) {
    auto it = c.streams_.find(id);
    return it == c.streams_.end() ? nullptr : it->second.get();
  }

  static int begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    Http2Connection& c = of(user);
    c.preface_received_ = true;
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    auto stream = std::make_unique<Http2Connection::Stream>();
    stream->id = frame->hd.stream_id;
    stream->started = Clock::now();
    c.streams_[frame->hd.stream_id] = std::move(stream);
    return 0;
  }

  static int header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t name_size,
                    const uint8_t* value, size_t value_size, uint8_t, void* user) {
    Http2Connection& c = of(user);
    Http2Connection::Stream* s = find(c, frame->hd.stream_id);
    if (!s) return 0;
    s->header_bytes += name_size + value_size + 32;  // RFC 9113 6.5.2's accounting
    if (s->header_bytes > c.options_.max_header_bytes) s->headers_too_large = true;
    if (s->headers_too_large) return 0;
    const std::string_view n(reinterpret_cast<const char*>(name), name_size);
    const std::string_view v(reinterpret_cast<const char*>(value), value_size);
    if (n == ":method") {
      s->method = v;
      s->head = v == "HEAD";
    } else if (n == ":path") {
      s->path = v;
    } else if (n == "expect") {
      s->expects_continue = v == "100-continue";
    } else if (n == "content-length") {
      std::size_t length = 0;
      if (std::from_chars(v.data(), v.data() + v.size(), length).ec == std::errc{})
        s->content_length = length;
    }
    return 0;
  }

  static int data_chunk(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data, size_t size,
                        void* user) {
    Http2Connection& c = of(user);
    Http2Connection::Stream* s = find(c, stream_id);
    // An answered request's remaining body is read and dropped: a RST_STREAM(NO_ERROR) asking
    // the client to stop (RFC 9113 8.1) makes curl 7.88 fail the transfer, answer included.
    if (!s || s->answered) return 0;
    if (s->body.size() + size > c.options_.max_body_bytes) {
      s->body = std::string();
      s->answered = true;
      c.answer(stream_id, c.handler_.body_too_large(c.options_.max_body_bytes));
      return 0;
    }
    s->body.append(reinterpret_cast<const char*>(data), size);
    return 0;
  }

  static int frame_received(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    Http2Connection& c = of(user);
    c.preface_received_ = true;
    if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
    Http2Connection::Stream* s = find(c, frame->hd.stream_id);
    if (!s) return 0;
    if (frame->hd.type == NGHTTP2_HEADERS && !s->answered) {
      if (s->headers_too_large) {
        s->answered = true;
        c.answer(frame->hd.stream_id, HttpAnswer{431, "text/plain", "headers too large\n"});
      } else if (s->content_length && *s->content_length > c.options_.max_body_bytes) {
        // Decided from content-length alone, before any of the body is read.
        s->answered = true;
        c.answer(frame->hd.stream_id, c.handler_.body_too_large(c.options_.max_body_bytes));
      } else if (s->expects_continue && !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
        // The client waits for this before it sends the body (else it waits a second).
        const nghttp2_nv go_on{reinterpret_cast<uint8_t*>(const_cast<char*>(":status")),
                               reinterpret_cast<uint8_t*>(const_cast<char*>("100")), 7, 3,
                               NGHTTP2_NV_FLAG_NONE};
        nghttp2_submit_headers(c.session_, NGHTTP2_FLAG_NONE, frame->hd.stream_id, nullptr, &go_on, 1,
                               nullptr);
      }
    }
    if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) c.finish_request(*s);
    return 0;
  }

  static int stream_closed(nghttp2_session*, int32_t stream_id, uint32_t, void* user) {
    Http2Connection& c = of(user);
    c.streams_.erase(stream_id);
    if (c.streams_.empty()) c.idle_since_ = Clock::now();
    return 0;
  }

  static ssize_t read_body(nghttp2_session*, int32_t, uint8_t* buffer, size_t length, uint32_t* flags,
                           nghttp2_data_source* source, void*) {
    auto* s = static_cast<Http2Connection::Stream*>(source->ptr);
    const std::size_t n = std::min(length, s->response_body.size() - s->sent);
    std::memcpy(buffer, s->response_body.data() + s->sent, n);
    s->sent += n;
    if (s->sent == s->response_body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }
};

Http2Connection::Http2Connection(TlsSocket& stream, const ServerOptions& options, WebhookHandler& handler,
                                 Metrics& metrics, net::any_io_executor workers)
    : stream_(stream),
      options_(options),
      handler_(handler),
      metrics_(metrics),
      workers_(std::move(workers)),
      timer_(stream.get_executor()) {}

Http2Connection::~Http2Connection() {
  if (session_) nghttp2_session_del(session_);
}

void Http2Connection::start(std::shared_ptr<void> owner, bool draining) {
  owner_ = std::move(owner);
  started_ = idle_since_ = Clock::now();
  // Deadlines are this object's from now on (reads and writes overlap in HTTP/2).
  stream_.expires_never();

  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, Http2Callbacks::begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, Http2Callbacks::header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, Http2Callbacks::data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, Http2Callbacks::frame_received);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, Http2Callbacks::stream_closed);
  const int created = nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (created != 0) return close();

  const uint32_t streams = static_cast<uint32_t>(std::max<std::size_t>(1, options_.max_concurrent_streams));
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, streams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<uint32_t>(options_.max_header_bytes)},
  };
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  if (draining) drain();
  flush();
  read();
  tick();
}

bool Http2Connection::reading_paused() const {
  // Back-pressure: a connection gets no more than its stream limit of work at once, even when
  // a client resets streams to open new ones.
  return pending_answers_ >= std::max<std::size_t>(1, options_.max_concurrent_streams);
}

void Http2Connection::read() {
  if (reading_ || closed_ || (closing_ && !finishing_) || (!closing_ && reading_paused())) return;
  reading_ = true;
  stream_.async_read_some(net::buffer(input_), [this, owner = owner_](boost::system::error_code ec,
                                                                      std::size_t n) { on_read(ec, n); });
}

void Http2Connection::on_read(boost::system::error_code ec, std::size_t n) {
  reading_ = false;
  if (closed_) return;
  if (ec) return close();         // the peer went away (or, when finishing, acknowledged our close)
  if (finishing_) return read();  // what a closing peer still sends is dropped
  if (nghttp2_session_mem_recv(session_, input_.data(), n) < 0) {
    // Not HTTP/2 (a bad preface) or a flood: stop reading; nghttp2 queued a GOAWAY where one is due.
    closing_ = true;
    closing_since_ = Clock::now();
  }
  flush();
  read();
  maybe_close();
}

void Http2Connection::finish_request(Stream& s) {
  s.request_complete = true;
  if (s.answered) return;
  s.answered = true;
  const int32_t id = s.id;
  if (options_.threads <= 1) return answer(id, handler_.handle(s.method, s.path, std::move(s.body)));
  // On the pool, so that the streams of one connection use every worker thread.
  ++pending_answers_;
  net::post(workers_, [this, owner = owner_, home = timer_.get_executor(), id, method = s.method,
                       path = std::move(s.path), body = std::move(s.body)]() mutable {
    HttpAnswer a = handler_.handle(method, path, std::move(body));
    net::post(home, [this, owner = std::move(owner), id, a = std::move(a)]() mutable {
      on_answer(id, std::move(a));
    });
  });
}

void Http2Connection::on_answer(int32_t stream_id, HttpAnswer a) {
  --pending_answers_;
  if (closed_) return;
  answer(stream_id, std::move(a));
  flush();
  read();  // resumes a connection paused at its limit
}

void Http2Connection::answer(int32_t stream_id, HttpAnswer a) {
  Stream* s = Http2Callbacks::find(*this, stream_id);
  if (!s) return;  // the client reset the stream meanwhile
  if (s->head) a.body.clear();
  const std::string status = std::to_string(a.status);
  const std::string length = std::to_string(a.body.size());
  auto nv = [](std::string_view name, std::string_view value) {
    return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                      NGHTTP2_NV_FLAG_NONE};
  };
  const nghttp2_nv headers[] = {nv(":status", status), nv("server", "bulwark"),
                                nv("content-type", a.content_type), nv("content-length", length)};
  s->response_body = std::move(a.body);
  s->sent = 0;
  nghttp2_data_provider body{};
  body.source.ptr = s;
  body.read_callback = Http2Callbacks::read_body;
  nghttp2_submit_response(session_, stream_id, headers, std::size(headers),
                          s->response_body.empty() ? nullptr : &body);
}

void Http2Connection::flush() {
  if (writing_ || closed_) return;
  output_.clear();
  while (output_.size() < (64u << 10)) {
    const uint8_t* data = nullptr;
    const ssize_t n = nghttp2_session_mem_send(session_, &data);
    if (n < 0) return close();
    if (n == 0) break;
    output_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
  if (output_.empty()) return;
  writing_ = true;
  write_started_ = Clock::now();
  net::async_write(stream_, net::buffer(output_),
                   [this, owner = owner_](boost::system::error_code ec, std::size_t) {
                     writing_ = false;
                     if (closed_) return;
                     if (ec) return close();
                     flush();
                     maybe_close();
                   });
}

void Http2Connection::send_goaway() {
  if (goaway_sent_) return;
  goaway_sent_ = true;
  nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                        NGHTTP2_NO_ERROR, nullptr, 0);
}

void Http2Connection::drain() {
  if (draining_ || closed_) return;
  draining_ = true;
  // A notice first, the final GOAWAY a moment later: requests already on the wire still count.
  drain_started_ = Clock::now();
  nghttp2_submit_shutdown_notice(session_);
  flush();
  arm_timer(kDrainWindow);
}

void Http2Connection::arm_timer(std::chrono::milliseconds after) {
  timer_.expires_after(after);  // a wait already pending ends with operation_aborted
  timer_.async_wait([this, owner = owner_](boost::system::error_code ec) {
    if (!ec) tick();
  });
}

void Http2Connection::tick() {
  if (closed_) return;
  const auto now = Clock::now();
  if (writing_ && now - write_started_ > options_.write_timeout) {
    metrics_.timed_out();
    return close();  // a client that does not read its answers
  }
  if (!preface_received_ && now - started_ > options_.read_timeout) {
    metrics_.timed_out();
    return close();
  }
  if (closing_ && now - closing_since_ > kCloseLinger) return close();
  for (const auto& [id, s] : streams_) {
    // A request that started must arrive whole within the read timeout (slow clients).
    if (!s->request_complete && now - s->started > options_.read_timeout) {
      metrics_.timed_out();
      s->request_complete = true;
      s->answered = true;
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    }
  }
  if (draining_ && now - drain_started_ >= kDrainWindow) send_goaway();
  const bool idle = streams_.empty() && pending_answers_ == 0;
  if (idle && now - idle_since_ > options_.idle_timeout) send_goaway();
  flush();
  maybe_close();
  if (closed_) return;
  auto next = tick_interval(options_);
  if (draining_ && !goaway_sent_)
    next = std::min(
        next, std::chrono::duration_cast<std::chrono::milliseconds>(drain_started_ + kDrainWindow - now));
  arm_timer(std::max(next, std::chrono::milliseconds(1)));
}

void Http2Connection::maybe_close() {
  if (closed_ || finishing_ || writing_) return;
  const bool done = goaway_sent_ && streams_.empty() && pending_answers_ == 0;
  const bool finished = nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0;
  if (done || finished || (closing_ && nghttp2_session_want_write(session_) == 0)) finish();
}

void Http2Connection::finish() {
  // Our side is done (GOAWAY written): end the TCP stream but go on reading until the peer closes
  // too. Closing with its data unread would send a reset, which can destroy our GOAWAY in flight.
  closing_ = finishing_ = true;
  closing_since_ = Clock::now();
  boost::system::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  read();
}

void Http2Connection::close() {
  if (closed_) return;
  closed_ = true;
  auto keep = std::move(owner_);  // the session ends once the pending handlers have returned
  timer_.cancel();
  boost::system::error_code ignored;
  auto& socket = stream_.socket();
  socket.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace bulwark::server
